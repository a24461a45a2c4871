// Filter and condition objects ({ field: { eq: 1 }, and: [...], or: [...], not: {...} }) to DynamoDB
// expressions, shared by util.transform.toDynamoDB*Expression and the @aws-appsync/utils/dynamodb
// helpers. Names and placeholders follow AppSync's documented output: `#field` and `:field_operator`
// (https://docs.aws.amazon.com/appsync/latest/devguide/transformation-helpers-in-utils-transform-js.html).
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

export class ExpressionError extends Error {}

/** Collects names and values while an expression is built, so repeated placeholders stay unique. */
export function createExpressionScope(): {
  readonly names: Record<string, string>;
  readonly values: Record<string, AttributeValue>;
  name(path: string): string;
  value(base: string, v: unknown): string;
} {
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  return {
    names,
    values,
    // Nested paths (a.b) become #a.#b, each segment its own name.
    name(path) {
      return path.split('.').map((segment) => {
        const placeholder = `#${segment.replace(/[^A-Za-z0-9_]/g, '_')}`;
        names[placeholder] = segment;
        return placeholder;
      }).join('.');
    },
    value(base, v) {
      const stem = `:${base.replace(/[^A-Za-z0-9_]/g, '_')}`;
      let placeholder = stem;
      for (let i = 1; placeholder in values; i++) placeholder = `${stem}_${i}`;
      values[placeholder] = toDynamoDB(v);
      return placeholder;
    },
  };
}

type Scope = ReturnType<typeof createExpressionScope>;

function fieldExpression(scope: Scope, field: string, operators: Record<string, unknown>): string[] {
  const name = scope.name(field);
  const parts: string[] = [];
  for (const [op, operand] of Object.entries(operators)) {
    if (operand === undefined) continue;
    const base = `${field}_${op}`;
    if (op in comparators) parts.push(`(${name} ${comparators[op]} ${scope.value(base, operand)})`);
    else if (op === 'between') {
      if (!Array.isArray(operand) || operand.length !== 2) throw new ExpressionError(`between on ${field} needs two values`);
      parts.push(`(${name} BETWEEN ${scope.value(`${base}_0`, operand[0])} AND ${scope.value(`${base}_1`, operand[1])})`);
    } else if (op === 'in') {
      if (!Array.isArray(operand)) throw new ExpressionError(`in on ${field} needs a list`);
      parts.push(`(${name} IN (${operand.map((v, i) => scope.value(`${base}_${i}`, v)).join(',')}))`);
    } else if (op === 'beginsWith') parts.push(`(begins_with(${name},${scope.value(base, operand)}))`);
    else if (op === 'contains') parts.push(`(contains(${name},${scope.value(base, operand)}))`);
    else if (op === 'notContains') parts.push(`(NOT contains(${name},${scope.value(base, operand)}))`);
    else if (op === 'attributeExists') parts.push(operand ? `(attribute_exists(${name}))` : `(attribute_not_exists(${name}))`);
    else if (op === 'attributeType') {
      const type = attributeTypes[String(operand)];
      if (type === undefined) throw new ExpressionError(`Unknown attributeType ${String(operand)}`);
      parts.push(`(attribute_type(${name},${scope.value(base, type)}))`);
    } else if (op === 'size') {
      // size: { eq: 3 } etc. compares the attribute's size.
      for (const [sizeOp, sizeOperand] of Object.entries(operand as Record<string, unknown>)) {
        if (!(sizeOp in comparators)) throw new ExpressionError(`Unsupported size operator ${sizeOp}`);
        parts.push(`(size(${name}) ${comparators[sizeOp]} ${scope.value(`${base}_${sizeOp}`, sizeOperand)})`);
      }
    } else throw new ExpressionError(`Unsupported operator ${op} on ${field}`);
  }
  return parts;
}

function build(scope: Scope, filter: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, operand] of Object.entries(filter)) {
    if (operand === undefined || operand === null) continue;
    if (key === 'and' || key === 'or') {
      const list = (Array.isArray(operand) ? operand : [operand]) as Record<string, unknown>[];
      const inner = list.map((f) => build(scope, f)).filter((s) => s !== '');
      if (inner.length > 0) parts.push(`(${inner.join(key === 'and' ? ' AND ' : ' OR ')})`);
    } else if (key === 'not') {
      const inner = build(scope, operand as Record<string, unknown>);
      if (inner !== '') parts.push(`(NOT ${inner})`);
    } else if (typeof operand === 'object' && !Array.isArray(operand)) {
      parts.push(...fieldExpression(scope, key, operand as Record<string, unknown>));
    } else {
      throw new ExpressionError(`Filter field ${key} needs an operator object, e.g. { eq: value }`);
    }
  }
  return parts.length === 1 ? parts[0] : parts.length === 0 ? '' : `(${parts.join(' AND ')})`;
}

export function toExpression(filter: Record<string, unknown>, scope: Scope = createExpressionScope()): Expression | null {
  const expression = build(scope, filter);
  if (expression === '') return null;
  return { expression, expressionNames: scope.names, expressionValues: scope.values };
}
