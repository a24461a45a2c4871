// AMAZON_DYNAMODB data source: AppSync's DynamoDB request objects to DynamoDB API calls, results
// converted to plain JSON and service errors put in ctx.error as `DynamoDB:<ErrorCode>`
// (https://docs.aws.amazon.com/appsync/latest/devguide/js-resolver-reference-dynamodb.html).
import type { AttributeValue, TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { DynamoDBCall } from '../../dynamodb/direct-call.ts';
import { fromItem } from '../runtime/dynamodb-values.ts';
import { DataSourceRequestError, requestObject, type DataSource, type DataSourceOutcome } from './types.ts';

type Obj = Record<string, unknown>;
type Item = Record<string, AttributeValue>;
interface Expr { expression?: string; expressionNames?: Record<string, string>; expressionValues?: Item; equalsIgnore?: string[] }

// Request objects carry numbers as JSON numbers ({ "N": 10 }); DynamoDB takes them as strings.
function wireValue(v: unknown): AttributeValue {
  const av = v as Record<string, unknown>;
  if ('N' in av && typeof av.N === 'number') return { N: String(av.N) };
  if ('NS' in av && Array.isArray(av.NS)) return { NS: av.NS.map(String) };
  // util.dynamodb writes null as { "NULL": null }; DynamoDB accepts only { "NULL": true }.
  if ('NULL' in av) return { NULL: true };
  if ('L' in av && Array.isArray(av.L)) return { L: av.L.map(wireValue) };
  if ('M' in av && av.M !== null && typeof av.M === 'object') return { M: wireItem(av.M as Item) };
  return av as unknown as AttributeValue;
}

function wireItem(item: Item | undefined): Item {
  const out: Item = {};
  for (const [k, v] of Object.entries(item ?? {})) out[k] = wireValue(v);
  return out;
}

const toJson = (item: Record<string, unknown> | undefined | null) => (item ? fromItem(item as Record<string, Record<string, unknown>>) : null);

// AppSync's nextToken is opaque to clients; locally it is the LastEvaluatedKey, base64-encoded JSON.
const encodeToken = (key: Item | undefined) => (key ? Buffer.from(JSON.stringify(key)).toString('base64') : null);
function decodeToken(token: unknown): Item | undefined {
  if (token === undefined || token === null) return undefined;
  try {
    return JSON.parse(Buffer.from(String(token), 'base64').toString('utf8')) as Item;
  } catch {
    throw new DataSourceRequestError('Invalid nextToken');
  }
}

// Names and values of every expression in a request go into the single maps DynamoDB takes.
function merge(...exprs: Array<Expr | undefined>) {
  const names: Record<string, string> = {};
  const values: Item = {};
  for (const e of exprs) {
    Object.assign(names, e?.expressionNames ?? {});
    Object.assign(values, wireItem(e?.expressionValues));
  }
  return {
    ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
    ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
  };
}

const expressionOf = (e: unknown) => (e as Expr | undefined)?.expression || undefined;

function needKey(r: Obj): Item {
  if (r.key === null || typeof r.key !== 'object') throw new DataSourceRequestError(`${String(r.operation)} needs a key`);
  return wireItem(r.key as Item);
}

function errorOutcome(err: unknown, result: unknown = null): DataSourceOutcome {
  const e = err as { name?: string; message?: string };
  return { result, error: { message: e.message ?? String(err), type: `DynamoDB:${e.name ?? 'InternalServerError'}` } };
}

function transactItem(t: Obj, table: string): TransactWriteItem {
  const key = needKey(t);
  const cond = t.condition as Expr | undefined;
  switch (t.operation) {
    case 'PutItem':
      return { Put: { TableName: table, Item: { ...wireItem(t.attributeValues as Item), ...key }, ConditionExpression: expressionOf(cond), ...merge(cond), ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } };
    case 'UpdateItem': {
      const update = t.update as Expr;
      return { Update: { TableName: table, Key: key, UpdateExpression: update.expression, ConditionExpression: expressionOf(cond), ...merge(update, cond), ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } };
    }
    case 'DeleteItem':
      return { Delete: { TableName: table, Key: key, ConditionExpression: expressionOf(cond), ...merge(cond), ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } };
    case 'ConditionCheck':
      if (!cond?.expression) throw new DataSourceRequestError('ConditionCheck needs a condition');
      return { ConditionCheck: { TableName: table, Key: key, ConditionExpression: cond.expression, ...merge(cond), ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } };
    default:
      throw new DataSourceRequestError(`Unsupported TransactWriteItems operation ${String(t.operation)}`);
  }
}

/**
 * Equality of two attribute values by structure only. The values come from different realms (the
 * resolver's VM context, the DynamoDB thread), whose objects have different prototypes, so
 * util.isDeepStrictEqual would call equal values different.
 */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every((k) => Object.hasOwn(b, k) && sameValue((a as Obj)[k], (b as Obj)[k]));
}

// AppSync treats a failed condition as success when the stored item already is what the write
// wanted (ignoring `equalsIgnore` attributes): a retried PutItem does not fail
// (https://docs.aws.amazon.com/appsync/latest/devguide/js-aws-appsync-resolver-reference-dynamodb-condition-expressions.html).
function alreadyApplied(wanted: Item, stored: Item | undefined, ignore: readonly string[]): boolean {
  if (stored === undefined) return false;
  const strip = (i: Item) => Object.fromEntries(Object.entries(i).filter(([k]) => !ignore.includes(k)));
  return sameValue(strip(wanted), strip(stored));
}

export function dynamodbDataSource(call: DynamoDBCall, tableName: string): DataSource {
  return async (request) => {
    const r = requestObject(request, 'AMAZON_DYNAMODB');
    try {
      switch (r.operation) {
        case 'GetItem': {
          const out = await call('GetItem', {
            TableName: tableName, Key: needKey(r), ConsistentRead: r.consistentRead === true,
            ProjectionExpression: expressionOf(r.projection), ...merge(r.projection as Expr),
          });
          return { result: toJson(out.Item) };
        }
        case 'PutItem': {
          const item = { ...wireItem(r.attributeValues as Item | undefined), ...needKey(r) };
          const cond = r.condition as Expr | undefined;
          try {
            await call('PutItem', {
              TableName: tableName, Item: item, ConditionExpression: expressionOf(cond), ...merge(cond), ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            });
          } catch (err) {
            const stored = (err as { Item?: Item }).Item;
            if ((err as Error).name === 'ConditionalCheckFailedException' && alreadyApplied(item, stored, cond?.equalsIgnore ?? [])) return { result: toJson(stored) };
            return errorOutcome(err, toJson(stored));
          }
          return { result: toJson(item) };
        }
        case 'UpdateItem': {
          const update = r.update as Expr | undefined;
          if (!update?.expression) throw new DataSourceRequestError('UpdateItem needs update.expression');
          const cond = r.condition as Expr | undefined;
          const out = await call('UpdateItem', {
            TableName: tableName, Key: needKey(r), UpdateExpression: update.expression, ConditionExpression: expressionOf(cond),
            ...merge(update, cond), ReturnValues: 'ALL_NEW', ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          });
          return { result: toJson(out.Attributes) };
        }
        case 'DeleteItem': {
          const cond = r.condition as Expr | undefined;
          const out = await call('DeleteItem', {
            TableName: tableName, Key: needKey(r), ConditionExpression: expressionOf(cond), ...merge(cond), ReturnValues: 'ALL_OLD', ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          });
          return { result: toJson(out.Attributes) };
        }
        case 'Query':
        case 'Scan': {
          const query = r.query as Expr | undefined;
          const filter = r.filter as Expr | undefined;
          const projection = r.projection as Expr | undefined;
          const common = {
            TableName: tableName, IndexName: (r.index as string | undefined) ?? undefined, Limit: (r.limit as number | undefined) ?? undefined,
            ExclusiveStartKey: decodeToken(r.nextToken), ConsistentRead: r.consistentRead === true,
            FilterExpression: expressionOf(filter), ProjectionExpression: expressionOf(projection),
            Select: r.select as 'ALL_ATTRIBUTES' | undefined, ...merge(query, filter, projection),
          };
          const out = r.operation === 'Query'
            ? await call('Query', { ...common, KeyConditionExpression: query?.expression, ScanIndexForward: r.scanIndexForward !== false })
            : await call('Scan', { ...common, Segment: r.segment as number | undefined, TotalSegments: r.totalSegments as number | undefined });
          return { result: { items: (out.Items as Item[] | undefined ?? []).map((i) => toJson(i)), nextToken: encodeToken(out.LastEvaluatedKey), scannedCount: out.ScannedCount ?? 0 } };
        }
        case 'BatchGetItem': {
          const tables = r.tables as Record<string, { keys: Item[]; consistentRead?: boolean; projection?: Expr }>;
          const out = await call('BatchGetItem', {
            RequestItems: Object.fromEntries(Object.entries(tables).map(([t, spec]) => [t, {
              Keys: spec.keys.map(wireItem), ConsistentRead: spec.consistentRead, ProjectionExpression: expressionOf(spec.projection), ...merge(spec.projection),
            }])),
          });
          // AppSync returns the items in key order, null where a key has no item.
          const data = Object.fromEntries(Object.entries(tables).map(([t, spec]) => [t, spec.keys.map(wireItem).map((key) => {
            const found = (out.Responses?.[t] as Item[] | undefined ?? []).find((item) => Object.entries(key).every(([k, v]) => sameValue(item[k], v)));
            return toJson(found);
          })]));
          const unprocessedKeys = Object.fromEntries(Object.keys(tables).map((t) => [t, (out.UnprocessedKeys?.[t]?.Keys as Item[] | undefined ?? []).map((k) => toJson(k))]));
          return { result: { data, unprocessedKeys } };
        }
        case 'BatchPutItem':
        case 'BatchDeleteItem': {
          const tables = r.tables as Record<string, Item[]>;
          const put = r.operation === 'BatchPutItem';
          const out = await call('BatchWriteItem', {
            RequestItems: Object.fromEntries(Object.entries(tables).map(([t, list]) => [t, list.map((x) => (put ? { PutRequest: { Item: wireItem(x) } } : { DeleteRequest: { Key: wireItem(x) } }))])),
          });
          const unprocessed = Object.fromEntries(Object.keys(tables).map((t) => [t, (out.UnprocessedItems?.[t] as { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[] | undefined ?? []).map((w) => toJson(put ? w.PutRequest?.Item : w.DeleteRequest?.Key))]));
          return { result: { data: Object.fromEntries(Object.entries(tables).map(([t, list]) => [t, list.map((x) => toJson(wireItem(x)))])), ...(put ? { unprocessedItems: unprocessed } : { unprocessedKeys: unprocessed }) } };
        }
        case 'TransactGetItems': {
          const items = r.transactItems as Array<{ table: string; key: Item; projection?: Expr }>;
          try {
            const out = await call('TransactGetItems', {
              TransactItems: items.map((i) => ({ Get: { TableName: i.table, Key: wireItem(i.key), ProjectionExpression: expressionOf(i.projection), ...merge(i.projection) } })),
            });
            return { result: { items: (out.Responses as { Item?: Item }[] | undefined ?? []).map((x) => toJson(x.Item)), cancellationReasons: null } };
          } catch (err) {
            return transactionError(err, 'items');
          }
        }
        case 'TransactWriteItems': {
          const items = r.transactItems as Obj[];
          if (!Array.isArray(items) || items.length === 0) throw new DataSourceRequestError('TransactWriteItems needs transactItems');
          try {
            await call('TransactWriteItems', { TransactItems: items.map((t) => transactItem(t, String(t.table))) });
            return { result: { keys: items.map((t) => toJson(wireItem(t.key as Item))), cancellationReasons: null } };
          } catch (err) {
            return transactionError(err, 'keys');
          }
        }
        default:
          throw new DataSourceRequestError(`Unsupported DynamoDB operation ${String(r.operation)}`);
      }
    } catch (err) {
      if (err instanceof DataSourceRequestError) throw err;
      return errorOutcome(err);
    }
  };
}

// A cancelled transaction: ctx.error says TransactionCanceledException and ctx.result carries one
// reason per item (`type` is DynamoDB's code: None, ConditionalCheckFailed, ...).
function transactionError(err: unknown, nullField: 'items' | 'keys'): DataSourceOutcome {
  const reasons = (err as { CancellationReasons?: Array<{ Code?: string; Message?: string }> }).CancellationReasons;
  if (reasons === undefined) return errorOutcome(err);
  return errorOutcome(err, { [nullField]: null, cancellationReasons: reasons.map((x) => ({ type: x.Code ?? 'None', message: x.Message ?? null })) });
}
