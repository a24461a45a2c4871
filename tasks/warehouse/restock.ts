// Restock: returned goods go back to this region's `available` stock, recorded once per return
// (pk ORDER#<id>, sk RETURN#<returnId>) in the same transaction, so a retried or redriven step
// never restocks twice. Never more of a product than the order dispatched minus earlier returns.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { makeTask } from '../lib/task.ts';
import { documentClient, currentRegion } from '../lib/clients.ts';
import { InvalidState, ValidationError } from '../lib/errors.ts';
import { requireInteger, requireString } from '../lib/input.ts';
import { nowIso } from '../lib/types.ts';
import type { StockLine } from '../lib/types.ts';
import { tableName } from '../../infra/tables.ts';
import { loadReservation, returnKey, stockKey, transact } from './inventory.ts';
import type { TransactItems } from './inventory.ts';

export interface RestockInput {
  readonly orderId: string;
  /** Names the return: a refund id, or DELIVERY when the carrier brought the parcel back. */
  readonly returnId: string;
  /** What came back; absent or null: everything the order dispatched. */
  readonly items?: readonly StockLine[] | null;
}

export interface RestockResult {
  readonly orderId: string;
  readonly returnId: string;
  readonly items: readonly StockLine[];
  readonly at: string;
}

export interface ReturnRecord {
  readonly orderId: string;
  readonly returnId: string;
  readonly region: string;
  readonly items: readonly StockLine[];
  readonly at: string;
}

async function earlierReturns(orderId: string): Promise<ReturnRecord[]> {
  const { Items } = await documentClient().send(new QueryCommand({
    TableName: tableName('Inventory'),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': `ORDER#${orderId}`, ':prefix': 'RETURN#' },
    ConsistentRead: true,
  }));
  return (Items ?? []) as ReturnRecord[];
}

export async function restock(input: RestockInput): Promise<RestockResult> {
  const orderId = requireString(input.orderId, 'orderId');
  const returnId = requireString(input.returnId, 'returnId');
  // A refund that names no returned goods restocks nothing.
  if (Array.isArray(input.items) && input.items.length === 0) return { orderId, returnId, items: [], at: nowIso() };
  const reservation = await loadReservation(orderId);
  if (reservation?.status !== 'DISPATCHED') {
    throw new InvalidState(`order ${orderId} dispatched nothing, so nothing can come back`);
  }
  const returns = await earlierReturns(orderId);
  const done = returns.find((r) => r.returnId === returnId);
  if (done !== undefined) return { orderId, returnId, items: done.items, at: done.at };

  const returned = new Map<string, number>();
  for (const r of returns) for (const line of r.items) returned.set(line.productId, (returned.get(line.productId) ?? 0) + line.quantity);
  const lines: StockLine[] = input.items === undefined || input.items === null
    ? reservation.items.map((l) => ({ productId: l.productId, quantity: l.quantity - (returned.get(l.productId) ?? 0) })).filter((l) => l.quantity > 0)
    : input.items.map((l, i) => ({
      productId: requireString(l?.productId, `items[${i}].productId`),
      quantity: requireInteger(l?.quantity, `items[${i}].quantity`, 1, 100),
    }));
  for (const line of lines) {
    const shipped = reservation.items.find((l) => l.productId === line.productId)?.quantity ?? 0;
    if (line.quantity + (returned.get(line.productId) ?? 0) > shipped) {
      throw new ValidationError(`order ${orderId} shipped ${shipped} of ${line.productId}; ${line.quantity} more cannot come back`);
    }
  }
  const at = nowIso();
  const region = currentRegion();
  const table = tableName('Inventory');
  const record: ReturnRecord & { pk: string; sk: string } = { ...returnKey(orderId, returnId), orderId, returnId, region, items: lines, at };
  const items: TransactItems = [
    ...lines.map((line) => ({
      Update: {
        TableName: table,
        Key: stockKey(line.productId, region),
        UpdateExpression: 'SET available = if_not_exists(available, :zero) + :q, reserved = if_not_exists(reserved, :zero), productId = :p, #region = :r, updatedAt = :at',
        ExpressionAttributeNames: { '#region': 'region' },
        ExpressionAttributeValues: { ':q': line.quantity, ':zero': 0, ':p': line.productId, ':r': region, ':at': at },
      },
    })),
    { Put: { TableName: table, Item: record, ConditionExpression: 'attribute_not_exists(pk)' } },
  ];
  const outcome = await transact(items);
  if (!outcome.ok) {
    const winner = (await earlierReturns(orderId)).find((r) => r.returnId === returnId);
    if (winner === undefined) throw new InvalidState(`return ${returnId} of order ${orderId} could not be recorded`);
    return { orderId, returnId, items: winner.items, at: winner.at };
  }
  return { orderId, returnId, items: lines, at };
}

export const handler = makeTask<RestockInput, RestockResult>({
  name: 'Restock',
  fenced: true,
  idempotencyKey: '[orderId, returnId]',
  run: restock,
});
