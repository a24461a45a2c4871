// JSONPath Choice rules: comparison operators, And/Or/Not
// (https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html). A rule whose
// Variable has the wrong type is false; a Variable that is missing is an error except for IsPresent.
import { statesError } from '../errors.ts';
import { readPath, type PathScope } from '../data/json-path.ts';
import type { Json } from '../types.ts';

type Rule = Record<string, unknown>;

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function isTimestamp(v: Json): v is string {
  return typeof v === 'string' && RFC3339.test(v) && !Number.isNaN(Date.parse(v));
}

function wildcardMatch(value: string, pattern: string): boolean {
  let regex = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\' && i + 1 < pattern.length) regex += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (ch === '*') regex += '[\\s\\S]*';
    else regex += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${regex}$`).test(value);
}

type Kind = 'String' | 'Numeric' | 'Boolean' | 'Timestamp';
const COMPARATORS: Record<string, (a: number) => boolean> = {
  Equals: (c) => c === 0, LessThan: (c) => c < 0, GreaterThan: (c) => c > 0, LessThanEquals: (c) => c <= 0, GreaterThanEquals: (c) => c >= 0,
};

function typed(kind: Kind, v: Json): boolean {
  if (kind === 'String') return typeof v === 'string';
  if (kind === 'Numeric') return typeof v === 'number';
  if (kind === 'Boolean') return typeof v === 'boolean';
  return isTimestamp(v);
}

function compare(kind: Kind, a: Json, b: Json): number {
  if (kind === 'Timestamp') return Date.parse(a as string) - Date.parse(b as string);
  if (kind === 'Boolean') return a === b ? 0 : 1;
  return (a as number | string) < (b as number | string) ? -1 : (a as number | string) > (b as number | string) ? 1 : 0;
}

const OPERATOR = /^(String|Numeric|Boolean|Timestamp)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals)(Path)?$/;

export function evaluateRule(rule: Rule, scope: PathScope): boolean {
  if (Array.isArray(rule.And)) return (rule.And as Rule[]).every((r) => evaluateRule(r, scope));
  if (Array.isArray(rule.Or)) return (rule.Or as Rule[]).some((r) => evaluateRule(r, scope));
  if (rule.Not) return !evaluateRule(rule.Not as Rule, scope);

  const variablePath = rule.Variable as string;
  const value = readPath(variablePath, scope);
  if ('IsPresent' in rule) return (value !== undefined) === rule.IsPresent;
  if (value === undefined) {
    throw statesError.runtime(`Invalid path '${variablePath}': The choice state's condition path references an invalid value.`);
  }
  for (const [key, expected] of Object.entries(rule)) {
    if (key === 'Variable' || key === 'Next' || key === 'Assign' || key === 'Comment') continue;
    if (key === 'IsNull') return (value === null) === expected;
    if (key === 'IsNumeric') return (typeof value === 'number') === expected;
    if (key === 'IsString') return (typeof value === 'string') === expected;
    if (key === 'IsBoolean') return (typeof value === 'boolean') === expected;
    if (key === 'IsTimestamp') return isTimestamp(value) === expected;
    if (key === 'StringMatches') return typeof value === 'string' && wildcardMatch(value, expected as string);
    const op = OPERATOR.exec(key);
    if (op) {
      const [, kind, comparison, isPath] = op as unknown as [string, Kind, string, string | undefined];
      let other = expected as Json;
      if (isPath) {
        const resolved = readPath(expected as string, scope);
        if (resolved === undefined) throw statesError.runtime(`Invalid path '${String(expected)}': The choice state's condition path references an invalid value.`);
        other = resolved;
      }
      if (!typed(kind, value) || !typed(kind, other)) return false;
      return COMPARATORS[comparison](compare(kind, value, other));
    }
  }
  throw statesError.runtime(`Unsupported Choice rule ${JSON.stringify(rule)}`);
}
