// MarkOrder: the saga's status changes that need no other work: PACKED after the warehouse
// confirmed, DELIVERED at the end, FAILED after a compensated business failure. A cancelled order
// is never overwritten (OrderCancelled), and the change is appended to the history.
import { makeTask } from '../lib/task.ts';
import { ValidationError } from '../lib/errors.ts';
import { requireString } from '../lib/input.ts';
import type { Order, OrderStatus } from '../lib/types.ts';
import { changeOrderStatus } from './order-status.ts';

export interface MarkOrderInput {
  readonly orderId: string;
  readonly executionId?: string;
  readonly status: OrderStatus;
  readonly note?: string | null;
}

/** Which statuses each saga-set status may follow. */
export const markable: Readonly<Partial<Record<OrderStatus, readonly OrderStatus[]>>> = {
  PACKED: ['PACKING'],
  DELIVERED: ['SHIPPED'],
  FAILED: ['PLACED', 'PACKING', 'PACKED', 'SHIPPED'],
};

export async function markOrder(input: MarkOrderInput): Promise<Order> {
  const orderId = requireString(input.orderId, 'orderId');
  const from = markable[input.status];
  if (from === undefined) throw new ValidationError(`a saga cannot set an order ${String(input.status)}`);
  const note = typeof input.note === 'string' && input.note !== '' ? input.note : undefined;
  return changeOrderStatus({ orderId, to: input.status, from, note });
}

export const handler = makeTask<MarkOrderInput, Order>({
  name: 'MarkOrder',
  fenced: true,
  idempotencyKey: '[orderId, status, executionId]',
  run: markOrder,
});
