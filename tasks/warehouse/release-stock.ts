// ReleaseStock (compensation): gives an order's reserved quantities back to `available` and marks
// the reservation RELEASED in one transaction. Releasing twice, or an order that never reserved,
// changes nothing; goods already dispatched are not released (Restock takes them back).
import { makeTask } from '../lib/task.ts';
import { requireString } from '../lib/input.ts';
import { closeReservation, loadReservation } from './inventory.ts';
import type { ReservationStatus } from './inventory.ts';

export interface ReleaseStockInput {
  readonly orderId: string;
  readonly executionId?: string;
}

export interface ReleaseStockResult {
  readonly orderId: string;
  /** The reservation's status afterwards; NONE when the order never reserved anything. */
  readonly status: ReservationStatus | 'NONE';
  readonly released: boolean;
}

export async function releaseStock(input: ReleaseStockInput): Promise<ReleaseStockResult> {
  const orderId = requireString(input.orderId, 'orderId');
  for (;;) {
    const reservation = await loadReservation(orderId);
    if (reservation === undefined) return { orderId, status: 'NONE', released: false };
    if (reservation.status !== 'RESERVED') return { orderId, status: reservation.status, released: false };
    const outcome = await closeReservation(reservation, 'RELEASED');
    if (outcome.ok) return { orderId, status: 'RELEASED', released: true };
    if (outcome.failed.some((i) => i < reservation.items.length)) {
      throw new Error(`stock rows of order ${orderId} hold less reserved than its reservation: inventory is inconsistent`);
    }
    // The reservation changed under us (released or dispatched by a racing step): look again.
  }
}

export const handler = makeTask<ReleaseStockInput, ReleaseStockResult>({
  name: 'ReleaseStock',
  fenced: true,
  idempotencyKey: '[orderId, executionId]',
  run: releaseStock,
});
