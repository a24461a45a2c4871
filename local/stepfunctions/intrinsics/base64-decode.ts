// States.Base64Decode: at most 10,000 characters of input.
import { requireThat, type IntrinsicFunction } from './constraints.ts';

export const base64Decode: IntrinsicFunction = {
  name: 'States.Base64Decode',
  signature: { min: 1, max: 1, types: ['string'] },
  call([text]) {
    const s = text as string;
    requireThat(s.length <= 10000, 'States.Base64Decode', 'the input exceeds 10000 characters');
    requireThat(/^[A-Za-z0-9+/]*={0,2}$/.test(s), 'States.Base64Decode', 'the input is not base64');
    return Buffer.from(s, 'base64').toString('utf8');
  },
};
