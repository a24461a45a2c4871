// States.MathRandom: a random integer from start (inclusive) to end (exclusive), optionally seeded.
import { requireThat, type IntrinsicFunction } from './constraints.ts';

export function seededRandom(seed: number): number {
  // mulberry32: a small deterministic generator, so a seed gives the same number each time.
  let t = (seed + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

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
