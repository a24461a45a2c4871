// dynalite parses every ConditionExpression, UpdateExpression, KeyConditionExpression,
// FilterExpression and ProjectionExpression of every request with a PEG parser: a third of the
// local DynamoDB's CPU under the order saga, whose requests repeat a handful of expressions with
// new values. The parse is a pure function of the expression, the ExpressionAttributeNames and,
// of the ExpressionAttributeValues, only their key set and their types, except in BETWEEN (which
// compares its bounds) and attribute_type (which reads its type name): those are never kept. So a
// parse is kept once per such signature as a template whose value leaves are placeholders, and a
// later request gets a copy with its own values, plus the same marks on the unused-name and
// unused-value tables that dynalite then checks.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface ParseContext {
  attrNames?: Record<string, string>;
  attrVals?: Record<string, Record<string, unknown>>;
  unusedAttrNames?: Record<string, boolean>;
  unusedAttrVals?: Record<string, boolean>;
}
type Parse = (expression: string, options: { context: ParseContext }) => unknown;
interface ParserModule { parse: Parse }

/** A kept parse: the result with placeholders for values, or what it threw; the names and values it used. */
interface Kept {
  readonly template?: unknown;
  readonly thrown?: unknown;
  readonly usedNames: readonly string[];
  readonly usedValues: readonly string[];
}

/** Marks where a value from ExpressionAttributeValues sat in a parse result. */
class ValueSlot {
  readonly key: string;
  constructor(key: string) {
    this.key = key;
  }
}

const MAX_KEPT = 2_000;
const valueTypes = ['S', 'N', 'B', 'NULL', 'BOOL', 'SS', 'NS', 'BS', 'L', 'M'];
const valueDependent = /between|attribute_type/i;

/** The value's type as dynalite's grammars see it: its first non-null type member. */
function typeOf(value: Record<string, unknown>): string {
  for (const type of valueTypes) if (value[type] != null) return type;
  return '?';
}

function signature(parser: string, expression: string, context: ParseContext): string {
  let values = '';
  for (const [key, value] of Object.entries(context.attrVals ?? {})) values += `${key}=${typeOf(value)},`;
  return `${parser}\u0000${expression}\u0000${JSON.stringify(context.attrNames ?? null)}\u0000${values}`;
}

/**
 * A copy of `source` (the parser's output: plain and null-prototype objects, arrays, primitives)
 * with every object that `substitute` answers for replaced, and shared parts still shared.
 */
function copyGraph(source: unknown, substitute: (value: object) => unknown, seen = new Map<object, unknown>()): unknown {
  if (source === null || typeof source !== 'object') return source;
  const replaced = substitute(source);
  if (replaced !== undefined) return replaced;
  const done = seen.get(source);
  if (done !== undefined) return done;
  if (Array.isArray(source)) {
    const copy: unknown[] = [];
    seen.set(source, copy);
    for (const item of source) copy.push(copyGraph(item, substitute, seen));
    return copy;
  }
  const copy = Object.create(Object.getPrototypeOf(source) as object | null) as Record<string, unknown>;
  seen.set(source, copy);
  for (const [key, value] of Object.entries(source)) copy[key] = copyGraph(value, substitute, seen);
  return copy;
}

function keepingParser(name: string, parse: Parse): Parse {
  const kept = new Map<string, Kept>();
  return (expression, options) => {
    const { context } = options;
    if (valueDependent.test(expression)) return parse(expression, options);
    const key = signature(name, expression, context);
    let entry = kept.get(key);
    if (!entry) {
      entry = parseAndKeep(parse, expression, context);
      if (kept.size >= MAX_KEPT) kept.delete(kept.keys().next().value!);
      kept.set(key, entry);
    }
    for (const used of entry.usedNames) delete context.unusedAttrNames?.[used];
    for (const used of entry.usedValues) delete context.unusedAttrVals?.[used];
    if (entry.thrown !== undefined) throw entry.thrown;
    return fill(entry.template, context);
  };
}

/**
 * Parses once on a context of its own, where every name and value starts unused (an earlier
 * expression of the same request may have marked some already), to learn which ones this
 * expression uses; the values' places become placeholders.
 */
function parseAndKeep(parse: Parse, expression: string, context: ParseContext): Kept {
  const unusedAttrNames = Object.fromEntries(Object.keys(context.attrNames ?? {}).map((key) => [key, true]));
  const unusedAttrVals = Object.fromEntries(Object.keys(context.attrVals ?? {}).map((key) => [key, true]));
  let result: unknown;
  let thrown: unknown;
  try {
    result = parse(expression, { context: { ...context, unusedAttrNames, unusedAttrVals } });
  } catch (err) {
    thrown = err;
  }
  const usedNames = Object.keys(context.attrNames ?? {}).filter((key) => !unusedAttrNames[key]);
  const usedValues = Object.keys(context.attrVals ?? {}).filter((key) => !unusedAttrVals[key]);
  if (thrown !== undefined) return { thrown, usedNames, usedValues };
  const slots = new Map<object, ValueSlot>();
  for (const [key, value] of Object.entries(context.attrVals ?? {})) slots.set(value, new ValueSlot(key));
  return { template: copyGraph(result, (value) => slots.get(value)), usedNames, usedValues };
}

/** The kept result with this request's values in place of the placeholders. */
function fill(template: unknown, context: ParseContext): unknown {
  return copyGraph(template, (value) => (value instanceof ValueSlot ? context.attrVals![value.key] : undefined));
}

let installed = false;

/** Keeps dynalite's expression parses (see above); every later request in this thread uses them. */
export function keepExpressionParses(): void {
  if (installed) return;
  installed = true;
  for (const name of ['conditionParser', 'updateParser', 'projectionParser']) {
    const parser = require(`dynalite/db/${name}`) as ParserModule;
    parser.parse = keepingParser(name, parser.parse);
  }
}
