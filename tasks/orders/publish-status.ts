// PublishStatus: publishes an order's current status as an OrderStatusChanged event. The saga tasks
// publish their own changes; this task is for status changes made outside them (the staff
// mutations' resolvers, through a Lambda data source) and for republishing after an outage.
import { makeTask } from '../lib/task.ts';
import { publishOrderStatus } from '../lib/events.ts';
import type { OrderStatusDetail } from '../lib/events.ts';
import { requireString } from '../lib/input.ts';
import { loadOrder } from '../lib/order-guard.ts';

export interface PublishStatusInput {
  readonly orderId: string;
  /** The history entry's time being announced: with the order id, what makes a publish one operation. */
  readonly at?: string;
}

export async function publishStatus(input: PublishStatusInput): Promise<OrderStatusDetail> {
  return publishOrderStatus(await loadOrder(requireString(input.orderId, 'orderId')));
}

export const handler = makeTask<PublishStatusInput, OrderStatusDetail>({
  name: 'PublishStatus',
  idempotencyKey: '[orderId, at]',
  run: publishStatus,
});
