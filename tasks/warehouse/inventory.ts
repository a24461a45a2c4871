// The Inventory table's items (layout in infra/tables.ts) and the transaction helper the stock
// tasks share. Stock rows are per product and region (pk PRODUCT#<id>, sk REGION#<region>) with
// `available` and `reserved` counts; each order has one reservation (pk ORDER#<id>, sk RESERVATION)
// listing what it holds, so release and dispatch move exactly that, once.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../infra/tables.ts';
import { currentRegion, documentClient } from '../lib/clients.ts';
import { StorageContention } from '../lib/errors.ts';
import { nowIso } from '../lib/types.ts';
import type { StockLine } from '../lib/types.ts';

export type ReservationStatus = 'RESERVED' | 'RELEASED' | 'DISPATCHED';

export interface Reservation {
  readonly pk: string;
  readonly sk: 'RESERVATION';
  readonly orderId: string;
  readonly region: string;
  readonly items: readonly StockLine[];
  readonly status: ReservationStatus;
  readonly updatedAt: string;
  /**
   * Epoch seconds after which a reservation whose checkout stored no order goes back to stock
   * (sweep-reservations.ts). Not the table's TTL attribute: a TTL deletion would drop the record of
   * which units to return, and DynamoDB deletes expired items only within a few days.
   */
  readonly expiresAt?: number;
  /** The region that settles it after an evacuation adopted its stock row. */
  readonly ownerRegion?: string;
}

/**
 * How long a reservation waits for its order: well past the longest a Checkout can run (an EXPRESS
 * execution runs at most five minutes), so no checkout still running loses its stock.
 */
export const reservationHoldSeconds = 15 * 60;

export function reservationExpiry(nowMs = Date.now()): number {
  return Math.floor(nowMs / 1000) + reservationHoldSeconds;
}

export interface StockRow {
  readonly pk: string;
  readonly sk: string;
  readonly productId: string;
  readonly region: string;
  readonly available: number;
  readonly reserved: number;
}

export const stockKey = (productId: string, region: string) => ({ pk: `PRODUCT#${productId}`, sk: `REGION#${region}` });
export const reservationKey = (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: 'RESERVATION' as const });
export const returnKey = (orderId: string, returnId: string) => ({ pk: `ORDER#${orderId}`, sk: `RETURN#${returnId}` });
export const packingKey = (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: 'PACKING' });

export async function loadReservation(orderId: string): Promise<Reservation | undefined> {
  const { Item } = await documentClient().send(new GetCommand({
    TableName: tableName('Inventory'), Key: reservationKey(orderId), ConsistentRead: true,
  }));
  return Item as Reservation | undefined;
}

export type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

export type TransactOutcome =
  | { readonly ok: true }
  /** Indexes of the items whose condition failed. */
  | { readonly ok: false; readonly failed: readonly number[] };

const conflictAttempts = 4;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One TransactWriteItems. A lost race (TransactionConflict) is retried a few times with jitter, then
 * becomes the transient StorageContention; failed conditions are returned for the caller to judge.
 */
export async function transact(items: TransactItems): Promise<TransactOutcome> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await documentClient().send(new TransactWriteCommand({ TransactItems: items }));
      return { ok: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failed = reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
      if (failed.length > 0) return { ok: false, failed };
      if (attempt === conflictAttempts) throw new StorageContention(`stock transaction kept conflicting: ${error.message}`);
      await pause(Math.random() * 20 * attempt);
    }
  }
}

/**
 * Ends a RESERVED reservation in one transaction: every line's quantity leaves `reserved` (and, on
 * release, goes back to `available`), and the reservation moves to `to`. Items 0..n-1 are the stock
 * rows, item n the reservation, as the outcome's `failed` indexes count them.
 */
export function closeReservation(reservation: Reservation, to: 'RELEASED' | 'DISPATCHED'): Promise<TransactOutcome> {
  const table = tableName('Inventory');
  const at = nowIso();
  const me = currentRegion();
  const stock = to === 'RELEASED' ? 'available = available + :q, reserved = reserved - :q' : 'reserved = reserved - :q';
  // Fenced: a row is written only by its owner, the region it names until an evacuation adopts it.
  const owned = reservation.region === me ? '(attribute_not_exists(ownerRegion) OR ownerRegion = :me)' : 'ownerRegion = :me';
  return transact([
    ...reservation.items.map((line) => ({
      Update: {
        TableName: table,
        Key: stockKey(line.productId, reservation.region),
        UpdateExpression: `SET ${stock}, updatedAt = :at`,
        ConditionExpression: `reserved >= :q AND ${owned}`,
        ExpressionAttributeValues: { ':q': line.quantity, ':at': at, ':me': me },
      },
    })),
    {
      Update: {
        TableName: table,
        Key: reservationKey(reservation.orderId),
        UpdateExpression: 'SET #status = :to, updatedAt = :at',
        ConditionExpression: '#status = :reserved',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':to': to, ':reserved': 'RESERVED', ':at': at },
      },
    },
  ]);
}
