// Event patterns: the structure around the leaf operators. "Amazon EventBridge event patterns"
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html):
// - fields of a pattern are ANDed, the values in a field's array are ORed;
// - a field whose event value is an array matches when any element matches
//   (eb-event-patterns-arrays.html); null and "" are distinct values (eb-event-patterns-null-values.html);
// - `exists` looks at leaf values only: a field holding an object does not "exist" as a leaf;
// - `$or` at any level takes two or more sub-patterns, any of which (with the siblings) must match.
import { invalidPattern } from './pattern-operators.ts';
import { compileValueTest } from './pattern-operators.ts';
import type { Scalar, ValueTest } from './pattern-operators.ts';

export type EventPattern = Record<string, unknown>;
export type PatternMatcher = (event: unknown) => boolean;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The scalar values at a field: none when absent or an object; the scalar elements of an array. */
function leafValues(value: unknown): Scalar[] {
  if (value === undefined || isPlainObject(value)) return [];
  if (Array.isArray(value)) return value.flat(Infinity).filter((v): v is Scalar => v === null || !isPlainObject(v));
  return [value as Scalar];
}

/** The objects a nested pattern applies to: the object itself, each object element of an array, or none. */
function nestedObjects(value: unknown): (Record<string, unknown> | undefined)[] {
  if (isPlainObject(value)) return [value];
  const objects = Array.isArray(value) ? value.filter(isPlainObject) : [];
  return objects.length > 0 ? objects : [undefined];
}

function compileLeaf(field: string, elements: unknown[]): (value: unknown) => boolean {
  const tests: ValueTest[] = [];
  const existence: boolean[] = [];
  for (const element of elements) {
    if (isPlainObject(element) && Object.keys(element).length === 1 && 'exists' in element) {
      if (typeof element.exists !== 'boolean') throw invalidPattern(`exists match pattern must be either true or false (field ${field})`);
      existence.push(element.exists);
    } else {
      tests.push(compileValueTest(element));
    }
  }
  return (value) => {
    const values = leafValues(value);
    if (existence.some((wanted) => wanted === values.length > 0)) return true;
    return values.some((v) => tests.some((test) => test(v)));
  };
}

function compileObject(pattern: Record<string, unknown>, path: string): (value: Record<string, unknown> | undefined) => boolean {
  const checks: ((value: Record<string, unknown> | undefined) => boolean)[] = [];
  for (const [field, spec] of Object.entries(pattern)) {
    const at = path ? `${path}.${field}` : field;
    if (field === '$or') {
      if (!Array.isArray(spec) || spec.length < 2 || !spec.every(isPlainObject)) {
        throw invalidPattern(`$or must be an array of at least two pattern objects (at ${path || 'top level'})`);
      }
      const alternatives = spec.map((alternative) => compileObject(alternative as Record<string, unknown>, path));
      checks.push((value) => alternatives.some((alternative) => alternative(value)));
    } else if (Array.isArray(spec)) {
      const leaf = compileLeaf(at, spec);
      checks.push((value) => leaf(value?.[field]));
    } else if (isPlainObject(spec)) {
      const nested = compileObject(spec, at);
      checks.push((value) => nestedObjects(value?.[field]).some(nested));
    } else {
      throw invalidPattern(`Match value for ${at} must be an array or an object`);
    }
  }
  return (value) => checks.every((check) => check(value));
}

/** Compiles a pattern (object or JSON text) once; throws InvalidEventPatternException when it is not valid. */
export function compilePattern(pattern: EventPattern | string): PatternMatcher {
  let parsed: unknown = pattern;
  if (typeof pattern === 'string') {
    try {
      parsed = JSON.parse(pattern);
    } catch {
      throw invalidPattern('Event pattern is not valid JSON');
    }
  }
  if (!isPlainObject(parsed)) throw invalidPattern('Event pattern must be a JSON object');
  const match = compileObject(parsed, '');
  return (event) => isPlainObject(event) && match(event);
}
