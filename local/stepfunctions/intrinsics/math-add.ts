// States.MathAdd: the sum of two numbers. Non-integers are first rounded to the nearest integer
// (halves towards positive infinity, as Java's Math.round: -1.5 → -1, 2.5 → 3), and each operand
// must lie in the 32-bit integer range
// (https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#asl-intrsc-func-math-operation;
// the rounding as recorded on AWS in localstack's test_math_operations snapshot).
import { requireThat, type IntrinsicFunction } from './constraints.ts';

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

export const mathAdd: IntrinsicFunction = {
  name: 'States.MathAdd',
  signature: { min: 2, max: 2, types: ['number', 'number'] },
  call(args) {
    const [a, b] = args.map((value) => Math.round(value as number));
    for (const n of [a, b]) requireThat(n >= INT_MIN && n <= INT_MAX, 'States.MathAdd', `${n} is outside the integer range ${INT_MIN} to ${INT_MAX}`);
    return a + b;
  },
};
