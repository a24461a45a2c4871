// States.MathRandom: a random integer from start (inclusive) to end (exclusive), optionally seeded.
import { seededGenerator } from '../../seeded-random.ts';
import { requireThat, type IntrinsicFunction } from './constraints.ts';

/** The first number of the seeded generator: a seed gives the same number each time. */
export const seededRandom = (seed: number): number => seededGenerator(seed)();

export const mathRandom: IntrinsicFunction = {
  name: 'States.MathRandom',
  signature: { min: 2, max: 3, types: ['integer', 'integer', 'integer'] },
  call([start, end, seed]) {
    const [a, b] = [start as number, end as number];
    requireThat(a < b, 'States.MathRandom', 'start must be less than end');
    const r = seed === undefined ? Math.random() : seededRandom(seed as number);
    return a + Math.floor(r * (b - a));
  },
};
