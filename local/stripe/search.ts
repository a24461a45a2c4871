// Stripe's search query language (https://docs.stripe.com/search#search-query-language) for
// PaymentIntents (query fields: amount, created, currency, customer, metadata, status): clauses
// `field:value` (exact match, case-insensitive), `field~value` (substring, at least 3 characters),
// `field>value`, `<`, `>=`, `<=` on numeric fields, `-` before a clause to negate it, `null` for a
// missing value, `metadata['key']` for a metadata key; string values in quotes; clauses joined by
// AND or by OR (not both), at most 10.
import { invalidRequest } from './errors.ts';

type Operator = ':' | '~' | '>' | '<' | '>=' | '<=';

interface Clause {
  readonly negated: boolean;
  readonly field: string;
  /** The metadata key for `metadata['key']`. */
  readonly key?: string;
  readonly operator: Operator;
  readonly value: string | number | null;
}

export type Matcher = (object: Record<string, unknown>) => boolean;

export interface SearchFields {
  readonly resource: string;
  readonly numeric: readonly string[];
  readonly text: readonly string[];
}

export const paymentIntentSearchFields: SearchFields = {
  resource: 'payment_intents',
  numeric: ['amount', 'created'],
  text: ['currency', 'customer', 'status'],
};

const maxClauses = 10;

function syntaxError(query: string, detail: string): Error {
  return invalidRequest(`Invalid search query: ${detail}. Query: ${query}`, { param: 'query' });
}

function tokenize(query: string): { clauses: Clause[]; joins: string[] } {
  const clauses: Clause[] = [];
  const joins: string[] = [];
  let at = 0;
  const skipSpace = () => { while (at < query.length && /\s/.test(query[at])) at += 1; };
  const quoted = (): string => {
    const quote = query[at];
    let text = '';
    at += 1;
    while (at < query.length && query[at] !== quote) {
      if (query[at] === '\\' && at + 1 < query.length) at += 1;
      text += query[at];
      at += 1;
    }
    if (at >= query.length) throw syntaxError(query, 'unterminated string');
    at += 1;
    return text;
  };
  while (true) {
    skipSpace();
    if (at >= query.length) throw syntaxError(query, 'expected a clause');
    const negated = query[at] === '-';
    if (negated) at += 1;
    const name = /^[a-z_]+/.exec(query.slice(at))?.[0];
    if (!name) throw syntaxError(query, `expected a field name at position ${at}`);
    at += name.length;
    let key: string | undefined;
    if (query[at] === '[') {
      at += 1;
      if (query[at] !== "'" && query[at] !== '"') throw syntaxError(query, 'a metadata key must be quoted');
      key = quoted();
      if (query[at] !== ']') throw syntaxError(query, "expected ']'");
      at += 1;
    }
    const operator = (['>=', '<=', ':', '~', '>', '<'] as const).find((op) => query.startsWith(op, at));
    if (!operator) throw syntaxError(query, `expected an operator after ${name}`);
    at += operator.length;
    let value: string | number | null;
    if (query[at] === "'" || query[at] === '"') value = quoted();
    else {
      const bare = /^[^\s]+/.exec(query.slice(at))?.[0];
      if (!bare) throw syntaxError(query, `expected a value after ${name}${operator}`);
      at += bare.length;
      if (bare === 'null') value = null;
      else if (/^-?\d+(\.\d+)?$/.test(bare)) value = Number(bare);
      else throw syntaxError(query, `the value ${bare} must be quoted`);
    }
    clauses.push({ negated, field: name, key, operator, value });
    skipSpace();
    if (at >= query.length) break;
    const join = /^(AND|OR)\s/.exec(query.slice(at))?.[1];
    if (!join) throw syntaxError(query, `expected AND or OR at position ${at}`);
    joins.push(join);
    at += join.length;
  }
  return { clauses, joins };
}

function clauseMatcher(query: string, clause: Clause, fields: SearchFields): Matcher {
  const { field, key, operator, value } = clause;
  const numeric = fields.numeric.includes(field);
  if (field === 'metadata' ? key === undefined : key !== undefined || !(numeric || fields.text.includes(field))) {
    throw invalidRequest(`Field \`${field}\` is an unsupported search field for resource \`${fields.resource}\`. See https://docs.stripe.com/search#query-fields-for-${fields.resource.replace('_', '-')} for a list of supported fields.`, { param: 'query' });
  }
  const read = (object: Record<string, unknown>): unknown => {
    if (field !== 'metadata') return object[field];
    const metadata = object.metadata as Record<string, string>;
    return Object.hasOwn(metadata, key as string) ? metadata[key as string] : undefined;
  };
  if (value === null) {
    if (operator !== ':') throw syntaxError(query, 'null can only be matched with ":"');
    return (object) => read(object) === null || read(object) === undefined;
  }
  if (operator === '>' || operator === '<' || operator === '>=' || operator === '<=') {
    if (!numeric) throw syntaxError(query, `${field} is not numeric`);
    const bound = Number(value);
    if (!Number.isFinite(bound)) throw syntaxError(query, `${value} is not a number`);
    return (object) => {
      const actual = Number(read(object));
      return operator === '>' ? actual > bound : operator === '<' ? actual < bound : operator === '>=' ? actual >= bound : actual <= bound;
    };
  }
  const wanted = String(value).toLowerCase();
  if (operator === '~') {
    if (numeric) throw syntaxError(query, `${field} does not take a substring match`);
    if (wanted.length < 3) throw syntaxError(query, 'a substring match needs at least 3 characters');
    return (object) => String(read(object) ?? '').toLowerCase().includes(wanted);
  }
  return (object) => {
    const actual = read(object);
    return actual !== null && actual !== undefined && String(actual).toLowerCase() === wanted;
  };
}

/** Compiles a query to a predicate, or throws Stripe's invalid_request_error on `query`. */
export function compileSearch(query: string, fields: SearchFields): Matcher {
  const { clauses, joins } = tokenize(query);
  if (clauses.length > maxClauses) throw syntaxError(query, `at most ${maxClauses} clauses are allowed`);
  if (new Set(joins).size > 1) throw syntaxError(query, 'AND and OR cannot be combined in one query');
  const matchers = clauses.map((clause) => {
    const match = clauseMatcher(query, clause, fields);
    return clause.negated ? (object: Record<string, unknown>) => !match(object) : match;
  });
  return joins[0] === 'OR'
    ? (object) => matchers.some((match) => match(object))
    : (object) => matchers.every((match) => match(object));
}
