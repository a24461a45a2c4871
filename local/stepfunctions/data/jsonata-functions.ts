// The functions Step Functions adds to JSONata ($partition, $range, $hash, $random with a seed,
// $uuid, $parse) and the one it takes away ($eval)
// (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html#jsonata-functions-provided-by-sfn).
// They follow the intrinsics they replace (States.ArrayPartition, States.ArrayRange, States.Hash,
// States.MathRandom, States.UUID, States.StringToJson); a bad argument throws, which the caller
// reports as States.QueryEvaluationError.
import { createHash, randomUUID } from 'node:crypto';
import type jsonata from 'jsonata';
import { seededRandom } from '../intrinsics/math-random.ts';

type Expression = ReturnType<typeof jsonata>;

const HASHES: Record<string, string> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };
// https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#asl-intrsc-func-arrays:
// a range holds at most 1000 items; hash input at most 10,000 characters.
const MAX_RANGE_ITEMS = 1000;
const MAX_HASH_INPUT = 10000;

function fail(name: string, why: string): never {
  throw new Error(`${name}: ${why}`);
}

function requireInteger(name: string, what: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) fail(name, `${what} must be an integer, got ${JSON.stringify(value)}`);
  return value;
}

function partition(items: unknown, size: unknown): unknown[][] {
  if (!Array.isArray(items)) fail('$partition', `the first argument must be an array, got ${JSON.stringify(items) ?? 'nothing'}`);
  const list: unknown[] = items;
  const n = requireInteger('$partition', 'the chunk size', size);
  if (n <= 0) fail('$partition', `the chunk size must be greater than 0, got ${n}`);
  const chunks: unknown[][] = [];
  for (let i = 0; i < list.length; i += n) chunks.push(list.slice(i, i + n));
  return chunks;
}

function range(first: unknown, last: unknown, step: unknown): number[] {
  const a = requireInteger('$range', 'the start', first);
  const b = requireInteger('$range', 'the end', last);
  const s = requireInteger('$range', 'the step', step);
  if (s === 0) fail('$range', 'the step must not be 0');
  const count = (s > 0 ? b >= a : b <= a) ? Math.floor((b - a) / s) + 1 : 0;
  if (count > MAX_RANGE_ITEMS) fail('$range', `the range has ${count} items, more than ${MAX_RANGE_ITEMS}`);
  // A JSONata sequence, not an array: a one-item range is the item itself, as AWS answers
  // $range(1, 9, 9) with 1 (recorded in localstack's AWS-validated test_array_jsonata snapshot).
  return Object.assign(Array.from({ length: count }, (_, i) => a + i * s), { sequence: true });
}

function hash(data: unknown, algorithm: unknown): string {
  if (typeof data !== 'string') fail('$hash', `the data must be a string, got ${JSON.stringify(data)}`);
  const algo = typeof algorithm === 'string' ? HASHES[algorithm] : undefined;
  if (!algo) fail('$hash', `the algorithm must be one of ${Object.keys(HASHES).join(', ')}, got ${JSON.stringify(algorithm)}`);
  if (data.length > MAX_HASH_INPUT) fail('$hash', `the data exceeds ${MAX_HASH_INPUT} characters`);
  return createHash(algo).update(data).digest('hex');
}

function random(seed?: unknown): number {
  return seed === undefined ? Math.random() : seededRandom(requireInteger('$random', 'the seed', seed));
}

function parse(text: unknown): unknown {
  if (typeof text !== 'string') fail('$parse', `the argument must be a string, got ${JSON.stringify(text)}`);
  try {
    return JSON.parse(text);
  } catch (error) {
    return fail('$parse', `${JSON.stringify(text)} is not valid JSON (${(error as Error).message})`);
  }
}

export function registerStepFunctionsFunctions(expression: Expression): void {
  expression.registerFunction('partition', partition, '<xx:a>');
  expression.registerFunction('range', range, '<xxx:a>');
  expression.registerFunction('hash', hash, '<xx:s>');
  expression.registerFunction('random', random, '<x?:n>');
  expression.registerFunction('uuid', () => randomUUID(), '<:s>');
  expression.registerFunction('parse', parse, '<x:x>');
  expression.registerFunction('eval', () => fail('$eval', 'is not available in Step Functions; use $parse'));
}
