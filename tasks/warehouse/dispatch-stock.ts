// DispatchStock: the parcel left with the carrier, so the order's reserved quantities leave the
// warehouse (`reserved` goes down) and the reservation becomes DISPATCHED, in one transaction.
import { makeTask } from '../lib/task.ts';
import { InvalidState, NotFound } from '../lib/errors.ts';
import { requireString } from '../lib/input.ts';
import { loadActiveOrder } from '../lib/order-guard.ts';
import { closeReservation, loadReservation } from './inventory.ts';

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
  const outcome = await closeReservation(reservation, 'DISPATCHED');
  if (outcome.ok) return { orderId, status: 'DISPATCHED' };
  const now = await loadReservation(orderId);
  if (now?.status === 'DISPATCHED') return { orderId, status: 'DISPATCHED' };
  throw new InvalidState(`the reservation of order ${orderId} could not be dispatched (${now?.status ?? 'missing'})`);
}

export const handler = makeTask<DispatchStockInput, DispatchStockResult>({
  name: 'DispatchStock',
  fenced: true,
  idempotencyKey: '[orderId, executionId]',
  run: dispatchStock,
});
