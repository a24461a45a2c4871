// States.ArrayLength: the number of items.
import type { Json } from '../types.ts';
import type { IntrinsicFunction } from './constraints.ts';

export const arrayLength: IntrinsicFunction = {
  name: 'States.ArrayLength',
  signature: { min: 1, max: 1, types: ['array'] },
  call: ([items]) => (items as Json[]).length,
};
