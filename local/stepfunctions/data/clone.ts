// Values pass between states as JSON; copying through JSON keeps them plain and unshared.
import type { Json } from '../types.ts';

export function clone<T extends Json>(value: T): T {
  return value === null || typeof value !== 'object' ? value : (structuredClone(value) as T);
}

export function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  const ak = Object.keys(a as object);
  const bo = b as { [k: string]: Json };
  return ak.length === Object.keys(bo).length && ak.every((k) => k in bo && deepEqual((a as { [k: string]: Json })[k], bo[k]));
}

export function isObject(value: unknown): value is { [key: string]: Json } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** JSON text to a value; `what` names the field in the error. */
export function parseJson(text: string, what: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw new SyntaxError(`${what} is not valid JSON`);
  }
}
