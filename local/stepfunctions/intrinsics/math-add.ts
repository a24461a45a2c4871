// States.MathAdd: the sum of two integers.
import type { IntrinsicFunction } from './constraints.ts';

export const mathAdd: IntrinsicFunction = {
  name: 'States.MathAdd',
  signature: { min: 2, max: 2, types: ['integer', 'integer'] },
  call: ([a, b]) => (a as number) + (b as number),
};
