// States.ArrayPartition: chunks of at most `size` items.
import type { Json } from '../types.ts';
import { requireThat, type IntrinsicFunction } from './constraints.ts';

export const arrayPartition: IntrinsicFunction = {
  name: 'States.ArrayPartition',
  signature: { min: 2, max: 2, types: ['array', 'integer'] },
  call([items, size]) {
    const list = items as Json[];
    const n = size as number;
    requireThat(n > 0, 'States.ArrayPartition', 'the chunk size must be greater than 0');
    const chunks: Json[] = [];
    for (let i = 0; i < list.length; i += n) chunks.push(list.slice(i, i + n));
    return chunks;
  },
};
