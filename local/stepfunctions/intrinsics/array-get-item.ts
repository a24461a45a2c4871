// States.ArrayGetItem: the item at an index.
import type { Json } from '../types.ts';
import { requireThat, type IntrinsicFunction } from './constraints.ts';

export const arrayGetItem: IntrinsicFunction = {
  name: 'States.ArrayGetItem',
  signature: { min: 2, max: 2, types: ['array', 'integer'] },
  call([items, index]) {
    const list = items as Json[];
    const i = index as number;
    requireThat(i >= 0 && i < list.length, 'States.ArrayGetItem', `index ${i} is out of bounds`);
    return list[i];
  },
};
