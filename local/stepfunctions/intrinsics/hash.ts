// States.Hash: hex digest with MD5, SHA-1, SHA-256, SHA-384 or SHA-512.
import { createHash } from 'node:crypto';
import { requireThat, type IntrinsicFunction } from './constraints.ts';

const ALGORITHMS: Record<string, string> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

export const hash: IntrinsicFunction = {
  name: 'States.Hash',
  signature: { min: 2, max: 2, types: ['any', 'string'] },
  call([data, algorithm]) {
    const algo = ALGORITHMS[algorithm as string];
    requireThat(algo !== undefined, 'States.Hash', `unsupported algorithm ${JSON.stringify(algorithm)}`);
    const text = typeof data === 'string' ? data : JSON.stringify(data);
    requireThat(text.length <= 10000, 'States.Hash', 'the input exceeds 10000 characters');
    return createHash(algo).update(text).digest('hex');
  },
};
