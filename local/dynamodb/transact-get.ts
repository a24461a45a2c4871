// TransactGetItems (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactGetItems.html):
// up to 100 Gets read as one snapshot: every item's lock is held while they are read, so no
// transaction's writes are seen half applied. Responses come back in request order.
import { runAction, validate } from './dynalite.ts';
import type { DynamoDBEngine, Request, Response } from './engine.ts';
import { errors } from './errors.ts';

const MAX_ACTIONS = 100;

export async function transactGetItems(engine: DynamoDBEngine, request: Request): Promise<Response> {
  const items = request.TransactItems;
  if (!Array.isArray(items) || items.length === 0) {
    throw errors.validation("1 validation error detected: Value null at 'transactItems' failed to satisfy constraint: Member must not be null");
  }
  if (items.length > MAX_ACTIONS) {
    throw errors.validation(`1 validation error detected: Value '[${items.length} items]' at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ACTIONS}`);
  }
  const gets = await Promise.all(items.map(async (item: unknown) => {
    const get = (item as { Get?: Record<string, unknown> } | null)?.Get;
    if (!get) throw errors.validation('TransactItems can only contain Get');
    const data = validate(engine.store, 'GetItem', { ...get });
    const table = await engine.table(data.TableName);
    const key = engine.keyOf(table, data.Key);
    if (!key) throw errors.validation('The provided key element does not match the schema');
    return { data, lockKey: engine.lockKey(table, key) };
  }));
  if (new Set(gets.map((g) => g.lockKey)).size !== gets.length) {
    throw errors.validation('Transaction request cannot include multiple operations on one item');
  }
  const release = await engine.locks.acquire(gets.map((g) => g.lockKey));
  try {
    const results = await Promise.all(gets.map((g) => runAction(engine.store, 'GetItem', g.data)));
    return { Responses: results.map((r) => (r.Item ? { Item: r.Item } : {})) };
  } finally {
    release();
  }
}
