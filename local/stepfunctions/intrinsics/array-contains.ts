// States.ArrayContains: whether the array holds a value (deep equality).
import type { Json } from '../types.ts';
import { deepEqual } from '../data/clone.ts';
import type { IntrinsicFunction } from './constraints.ts';

export const arrayContains: IntrinsicFunction = {
  name: 'States.ArrayContains',
  signature: { min: 2, max: 2, types: ['array', 'any'] },
  call: ([items, value]) => (items as Json[]).some((item) => deepEqual(item, value)),
};
