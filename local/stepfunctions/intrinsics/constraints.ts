// Argument checks of the intrinsic functions, kept apart from what the functions compute.
import { statesError } from '../errors.ts';
import type { Json } from '../types.ts';
import { isObject } from '../data/clone.ts';

export type ArgType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'any' | 'scalar';

export interface Signature {
  readonly min: number;
  readonly max: number;
  /** Type of each positional argument; the last one repeats for variadic functions. */
  readonly types: readonly ArgType[];
}

function matches(type: ArgType, value: Json): boolean {
  switch (type) {
    case 'string': return typeof value === 'string';
    case 'number': return typeof value === 'number';
    case 'integer': return Number.isInteger(value);
    case 'boolean': return typeof value === 'boolean';
    case 'array': return Array.isArray(value);
    case 'object': return isObject(value);
    case 'scalar': return value === null || ['string', 'number', 'boolean'].includes(typeof value);
    case 'any': return true;
  }
}

export function checkArgs(name: string, signature: Signature, args: readonly Json[]): void {
  if (args.length < signature.min || args.length > signature.max) {
    const expected = signature.min === signature.max ? `${signature.min}` : `${signature.min} to ${signature.max === Infinity ? 'any number of' : signature.max}`;
    throw statesError.intrinsic(`${name} expects ${expected} arguments, got ${args.length}`);
  }
  args.forEach((value, i) => {
    const type = signature.types[Math.min(i, signature.types.length - 1)];
    if (type && !matches(type, value)) {
      throw statesError.intrinsic(`${name}: argument ${i + 1} must be of type ${type}, got ${JSON.stringify(value)}`);
    }
  });
}

export function requireThat(condition: boolean, name: string, why: string): void {
  if (!condition) throw statesError.intrinsic(`${name}: ${why}`);
}

export type IntrinsicImpl = (args: readonly Json[]) => Json;

export interface IntrinsicFunction {
  readonly name: string;
  readonly signature: Signature;
  readonly call: IntrinsicImpl;
}

