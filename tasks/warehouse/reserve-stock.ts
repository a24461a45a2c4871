// ReserveStock: moves every item's quantity from `available` to `reserved` on this region's stock
// rows and records the reservation, all in one transaction, so either the whole cart is reserved
// or nothing is (OutOfStock). A reservation already held by the order is returned as it is.
import { makeTask } from '../lib/task.ts';
import { currentRegion } from '../lib/clients.ts';
import { OutOfStock, ValidationError } from '../lib/errors.ts';
import { requireInteger, requireString } from '../lib/input.ts';
import { nowIso } from '../lib/types.ts';
import type { StockLine } from '../lib/types.ts';
import { tableName } from '../../infra/tables.ts';
import { loadReservation, reservationExpiry, reservationKey, stockKey, transact } from './inventory.ts';
import type { Reservation, TransactItems } from './inventory.ts';

export interface ReserveStockInput {
  readonly orderId: string;
  readonly executionId?: string;
  readonly items: readonly StockLine[];
}

export interface ReserveStockResult {
  readonly orderId: string;
  readonly region: string;
  readonly items: readonly StockLine[];
  readonly status: 'RESERVED' | 'DISPATCHED';
}

function readLines(items: unknown): StockLine[] {
  if (!Array.isArray(items) || items.length === 0) throw new ValidationError('items must list at least one product');
  return items.map((raw: Partial<StockLine>, i) => ({
    productId: requireString(raw?.productId, `items[${i}].productId`),
    quantity: requireInteger(raw?.quantity, `items[${i}].quantity`, 1, 100),
  }));
}

export async function reserveStock(input: ReserveStockInput): Promise<ReserveStockResult> {
  const orderId = requireString(input.orderId, 'orderId');
  const lines = readLines(input.items);
  const existing = await loadReservation(orderId);
  if (existing !== undefined && existing.status !== 'RELEASED') {
    return { orderId, region: existing.region, items: existing.items, status: existing.status };
  }
  const region = currentRegion();
  const table = tableName('Inventory');
  const at = nowIso();
  const reservation: Reservation = {
    ...reservationKey(orderId), orderId, region, items: lines, status: 'RESERVED', updatedAt: at, expiresAt: reservationExpiry(),
  };
  const items: TransactItems = [
    ...lines.map((line) => ({
      Update: {
        TableName: table,
        Key: stockKey(line.productId, region),
        UpdateExpression: 'SET available = available - :q, reserved = if_not_exists(reserved, :zero) + :q, updatedAt = :at',
        // Only a row this region still owns: after an evacuation the row of a lost region that
        // returns belongs to its adopter, and the returning region must not sell from it.
        ConditionExpression: 'available >= :q AND (attribute_not_exists(ownerRegion) OR ownerRegion = :region)',
        ExpressionAttributeValues: { ':q': line.quantity, ':zero': 0, ':at': at, ':region': region },
      },
    })),
    {
      // A released reservation may be taken again: the shopper retried a failed checkout.
      Put: {
        TableName: table,
        Item: reservation,
        ConditionExpression: 'attribute_not_exists(pk) OR #status = :released',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':released': 'RELEASED' },
      },
    },
  ];
  const outcome = await transact(items);
  if (outcome.ok) return { orderId, region, items: lines, status: 'RESERVED' };
  // A failed reservation condition means a concurrent attempt for this order reserved first (its
  // units may be what now makes the stock look short): answer with its reservation.
  const reservedMeanwhile = outcome.failed.includes(lines.length);
  const short = outcome.failed.filter((i) => i < lines.length).map((i) => lines[i]!.productId);
  if (!reservedMeanwhile) throw new OutOfStock(`not enough stock ${region} may sell for ${short.join(', ')}`);
  const winner = await loadReservation(orderId);
  if (winner === undefined || winner.status === 'RELEASED') throw new OutOfStock(`the reservation of order ${orderId} changed meanwhile`);
  return { orderId, region: winner.region, items: winner.items, status: winner.status === 'DISPATCHED' ? 'DISPATCHED' : 'RESERVED' };
}

export const handler = makeTask<ReserveStockInput, ReserveStockResult>({
  name: 'ReserveStock',
  idempotencyKey: '[orderId, executionId]',
  run: reserveStock,
});
