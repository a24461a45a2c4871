// States.JsonMerge: shallow merge of two objects (the third argument, deep, must be false).
import type { JsonObject } from '../types.ts';
import { requireThat, type IntrinsicFunction } from './constraints.ts';

export const jsonMerge: IntrinsicFunction = {
  name: 'States.JsonMerge',
  signature: { min: 3, max: 3, types: ['object', 'object', 'boolean'] },
  call([left, right, deep]) {
    requireThat(deep === false, 'States.JsonMerge', 'only shallow merge is supported (the third argument must be false)');
    return { ...(left as JsonObject), ...(right as JsonObject) };
  },
};
