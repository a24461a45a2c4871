// Request parameters as Stripe takes them (https://docs.stripe.com/api): form-encoded bodies and query strings with bracket
// notation for hashes and arrays (`metadata[orderId]=x`, `expand[0]=latest_charge`), the encoding
// the official SDKs write. Values arrive as strings; the typed readers below turn them into numbers
// and booleans with Stripe's own error messages.
import qs from 'qs';
import { invalidRequest, missingParam, unknownParam } from './errors.ts';

export type ParamValue = string | ParamValue[] | { [key: string]: ParamValue };
export type ParamHash = Record<string, ParamValue>;

/**
 * Hashes come back without a prototype, so any key a client may send (`metadata[toString]`,
 * `metadata[valueOf]`) is a key like any other and nothing reaches Object.prototype.
 */
export function parseParams(encoded: string): ParamHash {
  return qs.parse(encoded, { depth: 5, arrayLimit: 100, parameterLimit: 1000, plainObjects: true, allowPrototypes: true }) as ParamHash;
}

/** Key order does not matter to Stripe's comparison of a retried request's parameters. */
export function canonicalParams(params: ParamHash): string {
  const sort = (value: ParamValue): ParamValue => {
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return value.map(sort);
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sort(value[key])]));
  };
  return JSON.stringify(sort(params));
}

export class Params {
  readonly raw: ParamHash;

  constructor(raw: ParamHash) {
    this.raw = raw;
  }

  /** Stripe refuses a parameter it does not know ("Received unknown parameter"). */
  allowOnly(names: readonly string[]): this {
    for (const name of Object.keys(this.raw)) if (!names.includes(name)) throw unknownParam(name);
    return this;
  }

  has(name: string): boolean {
    return this.raw[name] !== undefined;
  }

  string(name: string): string | undefined {
    const value = this.raw[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw invalidRequest(`Invalid string: ${JSON.stringify(value)}`, { param: name, code: 'parameter_invalid_string' });
    return value;
  }

  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined || value === '') throw missingParam(name);
    return value;
  }

  integer(name: string, param = name): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
      throw invalidRequest(`Invalid integer: ${value}`, { param, code: 'parameter_invalid_integer' });
    }
    return Number(value);
  }

  requiredInteger(name: string): number {
    const value = this.integer(name);
    if (value === undefined) throw missingParam(name);
    return value;
  }

  boolean(name: string): boolean | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (value !== 'true' && value !== 'false') throw invalidRequest(`Invalid boolean: ${value}`, { param: name });
    return value === 'true';
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      throw invalidRequest(`Invalid ${name}: must be one of ${allowed.join(', ')}`, { param: name });
    }
    return value as T;
  }

  hash(name: string): Params | undefined {
    const value = this.raw[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) throw invalidRequest(`Invalid object`, { param: name });
    return new Params(value);
  }

  /** `expand[]`: which fields to expand; the SDK sends `expand[0]=...`. */
  expand(): string[] {
    const value = this.raw.expand;
    if (value === undefined) return [];
    const list = Array.isArray(value) ? value : typeof value === 'object' ? Object.values(value) : [value];
    if (!list.every((item): item is string => typeof item === 'string')) throw invalidRequest('Invalid array', { param: 'expand' });
    return list;
  }
}

/**
 * Metadata updates (https://docs.stripe.com/api/metadata): up to 50 keys, key names up to 40
 * characters, values up to 500 characters, no square brackets in keys; an empty value unsets a key
 * and `metadata=` unsets them all.
 */
export function applyMetadata(current: Readonly<Record<string, string>>, update: ParamValue | undefined): Record<string, string> {
  if (update === undefined) return { ...current };
  if (update === '') return {};
  if (typeof update !== 'object' || Array.isArray(update)) throw invalidRequest('Invalid object', { param: 'metadata' });
  const next: Record<string, string> = { ...current };
  for (const [key, value] of Object.entries(update)) {
    const param = `metadata[${key}]`;
    if (typeof value !== 'string') throw invalidRequest(`Invalid string: ${JSON.stringify(value)}`, { param });
    if (key.length > 40) throw invalidRequest(`Metadata keys can have up to 40 characters, but you passed in a key of ${key.length} characters: ${key}`, { param });
    if (/[[\]]/.test(key)) throw invalidRequest('Metadata keys may not contain square brackets', { param });
    if (value.length > 500) throw invalidRequest(`Metadata values can have up to 500 characters, but you passed in a value that is ${value.length} characters.`, { param });
    if (value === '') delete next[key];
    else next[key] = value;
  }
  if (Object.keys(next).length > 50) throw invalidRequest('You can have up to 50 metadata keys', { param: 'metadata' });
  return next;
}
