// Members of the declared `util` surface that the local runtime does not provide. They exist (so the
// runtime object still satisfies the declarations) and fail with a clear error when called; the
// conformance table reports them from this set rather than from a hand-kept list.
const markers = new WeakSet<object>();

export class NotImplementedError extends Error {
  constructor(member: string) {
    super(`${member} is not implemented by the local AppSync runtime`);
    this.name = 'NotImplementedError';
  }
}

export function notImplemented<F>(member: string): F {
  const fn = () => { throw new NotImplementedError(member); };
  markers.add(fn);
  return fn as F;
}

export function isNotImplemented(value: unknown): boolean {
  return typeof value === 'function' && markers.has(value);
}
