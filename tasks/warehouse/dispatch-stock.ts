// DispatchStock: the parcel left with the carrier, so the order's reserved quantities leave the
// warehouse (`reserved` goes down) and the reservation becomes DISPATCHED, in one transaction.
import { makeTask } from '../lib/task.ts';
import { InvalidState, NotFound } from '../lib/errors.ts';
import { requireString } from '../lib/input.ts';
import { loadActiveOrder } from '../lib/order-guard.ts';
import { nowIso } from '../lib/types.ts';
import { tableName } from '../../infra/tables.ts';
import { loadReservation, reservationKey, stockKey, transact } from './inventory.ts';
import type { TransactItems } from './inventory.ts';

export interface DispatchStockInput {
  readonly orderId: string;
  readonly executionId?: string;
}

export interface DispatchStockResult {
  readonly orderId: string;
  readonly status: 'DISPATCHED';
}

export async function dispatchStock(input: DispatchStockInput): Promise<DispatchStockResult> {
  const orderId = requireString(input.orderId, 'orderId');
  await loadActiveOrder(orderId);
  const reservation = await loadReservation(orderId);
  if (reservation === undefined) throw new NotFound(`order ${orderId} has no reservation`);
  if (reservation.status === 'DISPATCHED') return { orderId, status: 'DISPATCHED' };
  if (reservation.status !== 'RESERVED') throw new InvalidState(`the reservation of order ${orderId} is ${reservation.status}`);
  const table = tableName('Inventory');
  const at = nowIso();
  const items: TransactItems = [
    ...reservation.items.map((line) => ({
      Update: {
        TableName: table,
        Key: stockKey(line.productId, reservation.region),
        UpdateExpression: 'SET reserved = reserved - :q, updatedAt = :at',
        ConditionExpression: 'reserved >= :q',
        ExpressionAttributeValues: { ':q': line.quantity, ':at': at },
      },
    })),
    {
      Update: {
        TableName: table,
        Key: reservationKey(orderId),
        UpdateExpression: 'SET #status = :dispatched, updatedAt = :at',
        ConditionExpression: '#status = :reserved',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':dispatched': 'DISPATCHED', ':reserved': 'RESERVED', ':at': at },
      },
    },
  ];
  const outcome = await transact(items);
  if (outcome.ok) return { orderId, status: 'DISPATCHED' };
  const now = await loadReservation(orderId);
  if (now?.status === 'DISPATCHED') return { orderId, status: 'DISPATCHED' };
  throw new InvalidState(`the reservation of order ${orderId} could not be dispatched (${now?.status ?? 'missing'})`);
}

export const handler = makeTask<DispatchStockInput, DispatchStockResult>({
  name: 'DispatchStock',
  idempotencyKey: '[orderId, executionId]',
  run: dispatchStock,
});
