// States.Array: its arguments as an array.
import type { IntrinsicFunction } from './constraints.ts';

export const array: IntrinsicFunction = {
  name: 'States.Array',
  signature: { min: 0, max: Infinity, types: ['any'] },
  call: (args) => [...args],
};
