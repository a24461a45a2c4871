// States.JsonToString: serialise a value to a JSON string.
import type { IntrinsicFunction } from './constraints.ts';

export const jsonToString: IntrinsicFunction = {
  name: 'States.JsonToString',
  signature: { min: 1, max: 1, types: ['any'] },
  call: ([value]) => JSON.stringify(value),
};
