// The `@aws-appsync/utils/dynamodb` module: helpers that build DynamoDB request objects
// (https://docs.aws.amazon.com/appsync/latest/devguide/built-in-modules-js.html), typed against the
// package's declarations so the compiler reports any missing export.
import type * as Declared from '@aws-appsync/utils/dynamodb.js';
import { toDynamoDB, toMapValues, type AttributeValue } from './dynamodb-values.ts';
import { createExpressionScope, toExpression, ExpressionError, type Expression } from './expressions.ts';

type Obj = Record<string, unknown>;

function projection(fields: readonly string[] | undefined) {
  if (fields === undefined || fields.length === 0) return undefined;
  const scope = createExpressionScope();
  return { expression: fields.map((f) => scope.name(f)).join(','), expressionNames: scope.names };
}

function condition(filter: Obj | null | undefined): Expression | undefined {
  if (filter === null || filter === undefined) return undefined;
  const expression = toExpression(filter);
  return expression.expression === '' ? undefined : expression;
}

const keyOperators: Record<string, string> = { eq: '=', le: '<=', lt: '<', ge: '>=', gt: '>' };

function keyCondition(query: Obj): Expression {
  const scope = createExpressionScope();
  const parts: string[] = [];
  for (const [field, ops] of Object.entries(query)) {
    const name = scope.name(field);
    for (const [op, v] of Object.entries(ops as Obj)) {
      if (op in keyOperators) parts.push(`${name} ${keyOperators[op]} ${scope.value(`${field}_${op}`, v)}`);
      else if (op === 'beginsWith') parts.push(`begins_with(${name}, ${scope.value(`${field}_beginsWith`, v)})`);
      else if (op === 'between') {
        const [lo, hi] = v as [unknown, unknown];
        parts.push(`${name} BETWEEN ${scope.value(`${field}_between_0`, lo)} AND ${scope.value(`${field}_between_1`, hi)}`);
      } else throw new ExpressionError(`Unsupported key condition operator ${op} on ${field}`);
    }
  }
  return { expression: parts.join(' AND '), expressionNames: scope.names, expressionValues: scope.values };
}

// The operation objects and the update expression they render, as AWS's runtime gives them
// (recorded results of @aws-appsync/utils/dynamodb `operations` and `update`, localstack/appsync-utils
// snapshots): increment is `SET #n = #n + :v` and append `list_append(#n, :v)`, so on AWS both fail on
// an attribute the item does not have yet; `add` sets the attribute.
type Operation = { type: string; value?: unknown; by?: number; items?: unknown[]; index?: number };

const isOperation = (v: unknown): v is Operation =>
  v !== null && typeof v === 'object' && typeof (v as Obj).type === 'string' && String((v as Obj).type).startsWith('OPERATION_');

// Update objects to one UpdateExpression with SET and REMOVE clauses, placeholders numbered per field.
function updateExpression(update: Obj): Expression {
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  const set: string[] = [];
  const remove: string[] = [];
  let n = 0;
  for (const [field, v] of Object.entries(update)) {
    if (v === undefined) continue;
    n += 1;
    const name = `#expName_${n}`;
    names[name] = field;
    const value = (payload: unknown) => {
      values[`:expValue_${n}`] = toDynamoDB(payload);
      return `:expValue_${n}`;
    };
    if (!isOperation(v)) { set.push(`${name} = ${value(v)}`); continue; }
    switch (v.type) {
      case 'OPERATION_ADD': case 'OPERATION_REPLACE': set.push(`${name} = ${value(v.value)}`); break;
      case 'OPERATION_REMOVE': remove.push(name); break;
      case 'OPERATION_INCREMENT': set.push(`${name} = ${name} + ${value(v.by)}`); break;
      case 'OPERATION_DECREMENT': set.push(`${name} = ${name} - ${value(v.by)}`); break;
      case 'OPERATION_APPEND': set.push(`${name} = list_append(${name}, ${value(v.items)})`); break;
      case 'OPERATION_PREPEND': set.push(`${name} = list_append(${value(v.items)}, ${name})`); break;
      case 'OPERATION_UPDATE_LIST_ITEM': set.push(`${name}[${Number(v.index)}] = ${value(v.value)}`); break;
      default: throw new ExpressionError(`Unknown update operation ${v.type} on ${field}`);
    }
  }
  const clauses = [set.length ? `SET ${set.join(', ')}` : '', remove.length ? `REMOVE ${remove.join(', ')}` : ''].filter(Boolean);
  return { expression: clauses.join(' '), expressionNames: names, expressionValues: values };
}

const operations = {
  add: (value: unknown) => ({ type: 'OPERATION_ADD', value }),
  remove: () => ({ type: 'OPERATION_REMOVE' }),
  replace: (value: unknown) => ({ type: 'OPERATION_REPLACE', value }),
  increment: (by: number) => ({ type: 'OPERATION_INCREMENT', by }),
  decrement: (by: number) => ({ type: 'OPERATION_DECREMENT', by }),
  append: (items: unknown[]) => ({ type: 'OPERATION_APPEND', items }),
  prepend: (items: unknown[]) => ({ type: 'OPERATION_PREPEND', items }),
  updateListItem: (value: unknown, index: number) => ({ type: 'OPERATION_UPDATE_LIST_ITEM', value, index }),
} as unknown as typeof Declared.operations;

function scanLike(operation: 'Query' | 'Scan' | 'Sync', p: Obj): Obj {
  const out: Obj = { operation };
  for (const k of ['index', 'limit', 'nextToken', 'consistentRead', 'scanIndexForward', 'select', 'segment', 'totalSegments', 'lastSync']) {
    if (p[k] !== undefined && p[k] !== null) out[k] = p[k];
  }
  if (p.filter !== undefined && p.filter !== null) out.filter = condition(p.filter as Obj);
  const proj = projection(p.projection as string[] | undefined);
  if (proj) out.projection = proj;
  return out;
}

function writeOptions(p: Obj): Obj {
  const out: Obj = {};
  const cond = condition(p.condition as Obj | undefined);
  if (cond) out.condition = cond;
  for (const k of ['customPartitionKey', 'populateIndexFields', '_version']) if (p[k] !== undefined) out[k] = p[k];
  return out;
}

export const dynamodbHelpers = {
  get: ((p: Obj) => {
    const out: Obj = { operation: 'GetItem', key: toMapValues(p.key as Obj) };
    if (p.consistentRead !== undefined) out.consistentRead = p.consistentRead;
    const proj = projection(p.projection as string[] | undefined);
    if (proj) out.projection = proj;
    return out;
  }) as unknown as typeof Declared.get,
  put: ((p: Obj) => ({
    operation: 'PutItem', key: toMapValues(p.key as Obj), attributeValues: toMapValues(p.item as Obj), ...writeOptions(p),
  })) as unknown as typeof Declared.put,
  remove: ((p: Obj) => ({ operation: 'DeleteItem', key: toMapValues(p.key as Obj), ...writeOptions(p) })) as unknown as typeof Declared.remove,
  update: ((p: Obj) => ({
    operation: 'UpdateItem', key: toMapValues(p.key as Obj), update: updateExpression(p.update as Obj), ...writeOptions(p),
  })) as unknown as typeof Declared.update,
  query: ((p: Obj) => ({ ...scanLike('Query', p), query: keyCondition(p.query as Obj) })) as unknown as typeof Declared.query,
  scan: ((p: Obj) => scanLike('Scan', p)) as unknown as typeof Declared.scan,
  sync: ((p: Obj) => scanLike('Sync', p)) as unknown as typeof Declared.sync,
  batchGet: ((p: { tables: Record<string, { keys: Obj[]; consistentRead?: boolean; projection?: string[] }> }) => ({
    operation: 'BatchGetItem',
    tables: Object.fromEntries(Object.entries(p.tables).map(([table, t]) => [table, {
      keys: t.keys.map((k) => toMapValues(k)),
      ...(t.consistentRead === undefined ? {} : { consistentRead: t.consistentRead }),
      ...(projection(t.projection) ? { projection: projection(t.projection) } : {}),
    }])),
  })) as unknown as typeof Declared.batchGet,
  batchPut: ((p: { tables: Record<string, Obj[]> }) => ({
    operation: 'BatchPutItem',
    tables: Object.fromEntries(Object.entries(p.tables).map(([table, items]) => [table, items.map((i) => toMapValues(i))])),
  })) as unknown as typeof Declared.batchPut,
  batchDelete: ((p: { tables: Record<string, Obj[]> }) => ({
    operation: 'BatchDeleteItem',
    tables: Object.fromEntries(Object.entries(p.tables).map(([table, keys]) => [table, keys.map((k) => toMapValues(k))])),
  })) as unknown as typeof Declared.batchDelete,
  transactGet: ((p: { items: Array<{ table: string; key: Obj; projection?: string[] }> }) => ({
    operation: 'TransactGetItems',
    transactItems: p.items.map((i) => ({ table: i.table, key: toMapValues(i.key), ...(projection(i.projection) ? { projection: projection(i.projection) } : {}) })),
  })) as unknown as typeof Declared.transactGet,
  transactWrite: ((p: { items: Obj[] }) => ({
    operation: 'TransactWriteItems',
    transactItems: p.items.map((item) => {
      const [kind, body] = Object.entries(item)[0] as [string, Obj];
      const base = { table: body.table, key: toMapValues(body.key as Obj), ...writeOptions(body) };
      switch (kind) {
        case 'putItem': return { ...base, operation: 'PutItem', attributeValues: toMapValues(body.item as Obj) };
        case 'updateItem': return { ...base, operation: 'UpdateItem', update: updateExpression(body.update as Obj) };
        case 'deleteItem': return { ...base, operation: 'DeleteItem' };
        case 'conditionCheck': return { ...base, operation: 'ConditionCheck' };
        default: throw new ExpressionError(`Unknown transactWrite item kind ${kind}`);
      }
    }),
  })) as unknown as typeof Declared.transactWrite,
  toStringSet: ((list: string[]) => ({ SS: list })) as typeof Declared.toStringSet,
  toNumberSet: ((list: number[]) => ({ NS: list })) as unknown as typeof Declared.toNumberSet,
  toBinarySet: ((list: string[]) => ({ BS: list })) as typeof Declared.toBinarySet,
  operations,
} satisfies Omit<typeof Declared, 'default'>;

