// Filter and condition objects ({ field: { eq: 1 }, and: [...], or: [...], not: {...} }) to DynamoDB
// expressions, as util.transform.toDynamoDBFilterExpression / toDynamoDBConditionExpression render
// them (https://docs.aws.amazon.com/appsync/latest/devguide/transformation-helpers-in-utils-transform-js.html).
// The exact text follows what real AppSync returned, as recorded in localstack/appsync-utils's
// snapshots (__tests__/__snapshots__/transform.test.js.snap): each comparison in parentheses, a
// field's several operators and groups of two or more wrapped, top-level fields joined unwrapped,
// value names carrying the group path (`:and_0_a_eq`), `between` bounds named `_start`/`_end`.
import { toDynamoDB, type AttributeValue } from './dynamodb-values.ts';

export interface Expression {
  expression: string;
  expressionNames: Record<string, string>;
  expressionValues: Record<string, AttributeValue>;
}

const attributeTypes: Record<string, string> = {
  _null: 'NULL', string: 'S', stringSet: 'SS', number: 'N', numberSet: 'NS', binary: 'B', binarySet: 'BS',
  boolean: 'BOOL', list: 'L', map: 'M',
};

const comparators: Record<string, string> = { eq: '=', ne: '<>', le: '<=', lt: '<', ge: '>=', gt: '>' };

/** A filter AppSync cannot render (the transform then returns null). */
export class ExpressionError extends Error {}

interface Scope { names: Record<string, string>; values: Record<string, AttributeValue> }

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function operatorParts(scope: Scope, path: string, base: string, operators: Record<string, unknown>): string[] {
  const parts: string[] = [];
  const value = (name: string, v: unknown) => {
    scope.values[`:${name}`] = toDynamoDB(v);
    return `:${name}`;
  };
  for (const [op, operand] of Object.entries(operators)) {
    if (op in comparators) parts.push(`(${path} ${comparators[op]} ${value(`${base}_${op}`, operand)})`);
    else if (op === 'in') {
      if (!Array.isArray(operand)) throw new ExpressionError(`in needs a list`);
      parts.push(operand.length === 0 ? '(null)' : `(${path} IN (${operand.map((v, i) => value(`${base}_in_${i}`, v)).join(', ')}))`);
    } else if (op === 'between') {
      if (!Array.isArray(operand) || operand.length < 2) throw new ExpressionError('between needs two bounds');
      parts.push(`(${path} BETWEEN ${value(`${base}_between_start`, operand[0])} AND ${value(`${base}_between_end`, operand[1])})`);
    } else if (op === 'beginsWith') parts.push(`(begins_with(${path},${value(`${base}_beginsWith`, operand)}))`);
    else if (op === 'contains') parts.push(`(contains(${path},${value(`${base}_contains`, operand)}))`);
    else if (op === 'notContains') parts.push(`(NOT contains(${path},${value(`${base}_notContains`, operand)}))`);
    else if (op === 'attributeExists') {
      if (typeof operand !== 'boolean') throw new ExpressionError('attributeExists needs a boolean');
      parts.push(operand ? `(attribute_exists(${path}))` : `(attribute_not_exists(${path}))`);
    } else if (op === 'attributeType') {
      const code = attributeTypes[String(operand)];
      if (code === undefined) throw new ExpressionError(`Unknown attributeType ${String(operand)}`);
      parts.push(`(attribute_type(${path},${value(`${base}_attributeType`, code)}))`);
    } else if (op === 'size') {
      if (!isPlainObject(operand)) throw new ExpressionError('size needs operators');
      // size of size names the value again without nesting the call.
      const sizePath = path.startsWith('size(') ? path : `size(${path})`;
      const inner = operatorParts(scope, sizePath, `${base}_size`, operand);
      parts.push(...(inner.length > 1 ? [`(${inner.join(' AND ')})`] : inner));
    } else throw new ExpressionError(`Unknown operator ${op}`);
  }
  return parts;
}

function render(scope: Scope, filter: unknown, prefix: string): string {
  if (!isPlainObject(filter)) throw new ExpressionError('A filter must be an object');
  const parts: string[] = [];
  for (const [key, operand] of Object.entries(filter)) {
    if (key === 'and' || key === 'or') {
      if (!Array.isArray(operand)) throw new ExpressionError(`${key} needs a list`);
      const members = operand.map((m, i) => render(scope, m, `${prefix}${key}_${i}_`));
      const joined = members.join(key === 'and' ? ' AND ' : ' OR ');
      parts.push(members.length > 1 ? `(${joined})` : joined);
    } else if (key === 'not') {
      parts.push(`(NOT ${render(scope, operand, `${prefix}not_`)})`);
    } else {
      if (!isPlainObject(operand)) throw new ExpressionError(`${key} needs operators`);
      scope.names[`#${key}`] = key;
      const fieldParts = operatorParts(scope, `#${key}`, `${prefix}${key}`, operand);
      parts.push(fieldParts.length > 1 ? `(${fieldParts.join(' AND ')})` : (fieldParts[0] ?? ''));
    }
  }
  return parts.join(' AND ');
}

/** The expression AppSync renders for a filter object; throws ExpressionError when it cannot be rendered. */
export function toExpression(filter: unknown): Expression {
  const scope: Scope = { names: {}, values: {} };
  const expression = render(scope, filter, '');
  return { expression, expressionNames: scope.names, expressionValues: scope.values };
}

/** Placeholders for projections and key conditions: `#name` per attribute, `:name` per value. */
export function createExpressionScope() {
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  return {
    names,
    values,
    name(attribute: string): string {
      const placeholder = `#${attribute.replace(/[^A-Za-z0-9_]/g, '_')}`;
      names[placeholder] = attribute;
      return placeholder;
    },
    value(base: string, v: unknown): string {
      const placeholder = `:${base.replace(/[^A-Za-z0-9_]/g, '_')}`;
      values[placeholder] = toDynamoDB(v);
      return placeholder;
    },
  };
}
