// States.ArrayRange: integers from start to end inclusive by step; at most 1000 items.
import { requireThat, type IntrinsicFunction } from './constraints.ts';

export const arrayRange: IntrinsicFunction = {
  name: 'States.ArrayRange',
  signature: { min: 3, max: 3, types: ['integer', 'integer', 'integer'] },
  call([first, last, step]) {
    const [a, b, s] = [first as number, last as number, step as number];
    requireThat(s !== 0, 'States.ArrayRange', 'the step must not be 0');
    const out: number[] = [];
    for (let v = a; s > 0 ? v <= b : v >= b; v += s) {
      out.push(v);
      requireThat(out.length <= 1000, 'States.ArrayRange', 'the range has more than 1000 items');
    }
    return out;
  },
};
