// States.ArrayUnique: the array without repeated values (first occurrence kept).
import type { Json } from '../types.ts';
import { deepEqual } from '../data/clone.ts';
import type { IntrinsicFunction } from './constraints.ts';

export const arrayUnique: IntrinsicFunction = {
  name: 'States.ArrayUnique',
  signature: { min: 1, max: 1, types: ['array'] },
  call: ([items]) => (items as Json[]).filter((item, i, all) => all.findIndex((other) => deepEqual(other, item)) === i),
};
