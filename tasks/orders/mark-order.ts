// MarkOrder: the saga's status changes that need no other work: PACKED after the warehouse
// confirmed (with the packages it reported, so a region that adopts the order before it ships
// books the same parcels), DELIVERED at the end, FAILED after a compensated business failure. A
// cancelled order is never overwritten (OrderCancelled), and the change is appended to the history.
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
  /** The warehouse's answer to the packing step (`{ packages }`), given with PACKED. */
  readonly packing?: { readonly packages?: unknown } | null;
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
  const packages = input.status === 'PACKED' ? input.packing?.packages : undefined;
  const set = typeof packages === 'number' && Number.isInteger(packages) && packages > 0 ? { packages } : undefined;
  return changeOrderStatus({ orderId, to: input.status, from, note, ...(set !== undefined && { set }) });
}

export const handler = makeTask<MarkOrderInput, Order>({
  name: 'MarkOrder',
  fenced: true,
  idempotencyKey: '[orderId, status, executionId]',
  run: markOrder,
});
