// The leaf operators of EventBridge event patterns, each compiled once into a predicate over one
// event value: exact values (string, number, boolean, null), prefix, suffix, equals-ignore-case,
// wildcard, anything-but (values, prefix, suffix, equals-ignore-case, wildcard), numeric, cidr.
// "Comparison operators for use in event patterns in Amazon EventBridge":
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
// (`exists` is decided per field, not per value: see pattern.ts.)
import { BlockList, isIP } from 'node:net';
import { ServiceError } from '../aws/service-error.ts';

/** A rule's event pattern is not valid; `why` says where, as EventBridge's own message does. */
export const invalidPattern = (why: string): ServiceError =>
  new ServiceError('InvalidEventPatternException', `Event pattern is not valid. Reason: ${why}`);

export type Scalar = string | number | boolean | null;
export type ValueTest = (value: Scalar) => boolean;

const isString = (value: unknown): value is string => typeof value === 'string';
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const fold = (s: string): string => s.toLowerCase();

/** `{ "equals-ignore-case": "x" }` inside prefix / suffix, or a plain string. */
function stringOperand(operand: unknown, operator: string): { text: string; ignoreCase: boolean } {
  if (isString(operand)) return { text: operand, ignoreCase: false };
  if (isPlainObject(operand) && Object.keys(operand).length === 1 && isString(operand['equals-ignore-case'])) {
    return { text: operand['equals-ignore-case'], ignoreCase: true };
  }
  throw invalidPattern(`${operator} match pattern must be a string or an equals-ignore-case object`);
}

function affix(operand: unknown, operator: 'prefix' | 'suffix'): ValueTest {
  const { text, ignoreCase } = stringOperand(operand, operator);
  const wanted = ignoreCase ? fold(text) : text;
  return (value) => {
    if (!isString(value)) return false;
    const actual = ignoreCase ? fold(value) : value;
    return operator === 'prefix' ? actual.startsWith(wanted) : actual.endsWith(wanted);
  };
}

/** `*` matches any run of characters; `\*` and `\\` are a literal star and backslash; `**` is refused. */
function wildcard(operand: unknown): ValueTest {
  if (!isString(operand)) throw invalidPattern('wildcard match pattern must be a string');
  let source = '';
  for (let i = 0; i < operand.length; i++) {
    const c = operand[i];
    if (c === '\\') {
      const next = operand[i + 1];
      if (next !== '*' && next !== '\\') throw invalidPattern(`Invalid escape character at pos ${i} in wildcard pattern`);
      source += `\\${next}`;
      i++;
    } else if (c === '*') {
      if (operand[i + 1] === '*') throw invalidPattern(`Consecutive wildcard characters at pos ${i + 1}`);
      source += '[\\s\\S]*';
    } else {
      source += c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    }
  }
  const regex = new RegExp(`^${source}$`, 'u');
  return (value) => isString(value) && regex.test(value);
}

function equalsIgnoreCase(operand: unknown): ValueTest {
  if (!isString(operand)) throw invalidPattern('equals-ignore-case match pattern must be a string');
  const wanted = fold(operand);
  return (value) => isString(value) && fold(value) === wanted;
}

const LOWER = new Set(['>', '>=']);
const UPPER = new Set(['<', '<=']);

/** `[">", 0, "<=", 5]`, `["<", 10]` or `["=", 3.018e2]`: numbers only. */
function numeric(operand: unknown): ValueTest {
  if (!Array.isArray(operand) || (operand.length !== 2 && operand.length !== 4)) {
    throw invalidPattern('Value of numeric must be an array of one or two operator/number pairs');
  }
  const pairs: [string, number][] = [];
  for (let i = 0; i < operand.length; i += 2) {
    const [op, bound] = [operand[i], operand[i + 1]];
    if (!isString(op) || !(op === '=' || LOWER.has(op) || UPPER.has(op))) throw invalidPattern(`Unrecognized numeric range operator: ${String(op)}`);
    if (typeof bound !== 'number' || !Number.isFinite(bound)) throw invalidPattern(`Value of ${op} must be numeric`);
    pairs.push([op, bound]);
  }
  if (pairs.length === 2 && !(LOWER.has(pairs[0][0]) && UPPER.has(pairs[1][0]))) {
    throw invalidPattern('Bad numeric range: a two-sided range is a lower bound (> or >=) then an upper bound (< or <=)');
  }
  if (pairs.length === 2 && pairs[0][1] >= pairs[1][1]) throw invalidPattern('Bad numeric range: the lower bound must be below the upper bound');
  const test = ([op, bound]: [string, number], v: number): boolean =>
    op === '=' ? v === bound : op === '>' ? v > bound : op === '>=' ? v >= bound : op === '<' ? v < bound : v <= bound;
  return (value) => typeof value === 'number' && pairs.every((pair) => test(pair, value));
}

function cidr(operand: unknown): ValueTest {
  const match = isString(operand) ? /^(.+)\/(\d{1,3})$/.exec(operand) : null;
  const family = match ? isIP(match[1]) : 0;
  const bits = match ? Number(match[2]) : NaN;
  if (!match || family === 0 || bits > (family === 4 ? 32 : 128)) throw invalidPattern(`Nonstandard IP address: ${String(operand)}`);
  const block = new BlockList();
  const type = family === 4 ? 'ipv4' : 'ipv6';
  block.addSubnet(match[1], bits, type);
  return (value) => isString(value) && isIP(value) === family && block.check(value, type);
}

/** anything-but: a value or list of values (all strings or all numbers), or a string operator. */
function anythingBut(operand: unknown): ValueTest {
  if (isPlainObject(operand)) {
    const keys = Object.keys(operand);
    if (keys.length !== 1) throw invalidPattern('anything-but takes exactly one of prefix, suffix, equals-ignore-case, wildcard');
    const [key] = keys;
    const inner = operand[key];
    const list = Array.isArray(inner) ? inner : [inner];
    let tests: ValueTest[];
    if (key === 'prefix' || key === 'suffix') {
      if (!isString(inner)) throw invalidPattern(`anything-but ${key} must be a string`);
      tests = [affix(inner, key)];
    } else if (key === 'equals-ignore-case') {
      tests = list.map(equalsIgnoreCase);
    } else if (key === 'wildcard') {
      tests = list.map(wildcard);
    } else {
      throw invalidPattern(`Unsupported anything-but pattern: ${key}`);
    }
    // These are string operators: only a string value can fail to begin with, end with or equal them.
    return (value) => isString(value) && !tests.some((t) => t(value));
  }
  const values: readonly unknown[] = Array.isArray(operand) ? operand : [operand];
  const allStrings = values.every(isString);
  const allNumbers = values.every((v) => typeof v === 'number');
  if (values.length === 0 || !(allStrings || allNumbers)) {
    throw invalidPattern('Inside anything-but list, mixed types are not allowed; use only strings or only numbers');
  }
  const excluded = new Set<unknown>(values);
  return (value) => !excluded.has(value);
}

const OPERATORS: Readonly<Record<string, (operand: unknown) => ValueTest>> = {
  prefix: (operand) => affix(operand, 'prefix'),
  suffix: (operand) => affix(operand, 'suffix'),
  'equals-ignore-case': equalsIgnoreCase,
  wildcard,
  numeric,
  cidr,
  'anything-but': anythingBut,
};

/** One element of a pattern's value array, other than `exists`. */
export function compileValueTest(element: unknown): ValueTest {
  if (element === null || isString(element) || typeof element === 'number' || typeof element === 'boolean') {
    return (value) => value === element;
  }
  if (!isPlainObject(element)) throw invalidPattern('Match value must be a string, number, boolean, null or an operator object');
  const keys = Object.keys(element);
  const compile = keys.length === 1 && Object.hasOwn(OPERATORS, keys[0]) ? OPERATORS[keys[0]] : undefined;
  if (!compile) throw invalidPattern(`Unrecognized match type ${keys.join(', ') || '(empty object)'}`);
  return compile(element[keys[0]]);
}
