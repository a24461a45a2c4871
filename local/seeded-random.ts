// mulberry32: a small, well-known 32-bit generator, deterministic for a given seed, so a drill, a
// fault rate or a seeded intrinsic can be repeated exactly. One copy for the runtime, benches and tests.
export function seededGenerator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
