// UpdateOrder (end of a refund): the order becomes REFUNDED when nothing captured is left to refund,
// else PARTIALLY_REFUNDED, with a history entry naming the refund (written once per refund).
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { makeTask } from '../lib/task.ts';
import { currentRegion, documentClient } from '../lib/clients.ts';
import { InvalidState, OrderAdopted } from '../lib/errors.ts';
import { publishOrderStatus } from '../lib/events.ts';
import { requireString } from '../lib/input.ts';
import { loadOrder } from '../lib/order-guard.ts';
import { nowIso } from '../lib/types.ts';
import type { Money, Order, OrderStatus, StatusChange } from '../lib/types.ts';
import { tableName } from '../../infra/tables.ts';
import { loadPayment } from '../payment/payments.ts';
import type { CaptureRecord } from '../payment/payments.ts';

export interface UpdateOrderInput {
  readonly orderId: string;
  readonly refundId: string;
  readonly amount: Money;
}

export interface UpdateOrderResult {
  readonly orderId: string;
  readonly status: OrderStatus;
  readonly at: string;
}

const refundable: readonly OrderStatus[] = ['SHIPPED', 'DELIVERED', 'PARTIALLY_REFUNDED', 'REFUNDED'];

export async function updateOrder(input: UpdateOrderInput): Promise<UpdateOrderResult> {
  const orderId = requireString(input.orderId, 'orderId');
  const refundId = requireString(input.refundId, 'refundId');
  const note = `refund ${refundId}: ${input.amount.amount} ${input.amount.currency}`;
  const order = await loadOrder(orderId);
  if (order.homeRegion !== currentRegion()) throw new OrderAdopted(`order ${orderId} is owned by ${order.homeRegion}`);
  const earlier = order.history.find((h) => h.note === note);
  if (earlier !== undefined) return { orderId, status: order.status, at: earlier.at };
  if (!refundable.includes(order.status)) throw new InvalidState(`order ${orderId} is ${order.status}; it cannot be refunded`);

  const capture = await loadPayment<CaptureRecord>(orderId, 'CAPTURE');
  const status: OrderStatus = capture !== undefined && capture.refundable === 0 ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
  const at = nowIso();
  const entry: StatusChange = { status, at, note };
  try {
    const { Attributes } = await documentClient().send(new UpdateCommand({
      TableName: tableName('Orders'), Key: { id: orderId },
      UpdateExpression: 'SET #status = :s, #history = list_append(#history, :e), updatedAt = :at',
      // Fenced like every status change: only the owning region writes the order.
      ConditionExpression: '#status = :was AND homeRegion = :home',
      ExpressionAttributeNames: { '#status': 'status', '#history': 'history' },
      ExpressionAttributeValues: { ':s': status, ':e': [entry], ':at': at, ':was': order.status, ':home': currentRegion() },
      ReturnValues: 'ALL_NEW',
    }));
    await publishOrderStatus(Attributes as Order);
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return updateOrder(input); // the order changed meanwhile (another refund): judge again
  }
  return { orderId, status, at };
}

export const handler = makeTask<UpdateOrderInput, UpdateOrderResult>({
  name: 'UpdateOrder',
  fenced: true,
  idempotencyKey: '[orderId, refundId]',
  run: updateOrder,
});
