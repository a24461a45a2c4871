// The one way a task changes an order's status: a conditional write that allows only the listed
// predecessors, appends the change to the history in the same write, and publishes the event.
// Asking again for a status the order already has is a no-op that republishes (a retried task).
// The write is fenced: it names this region as the order's owner, so an adopted order is never
// changed by the region that lost it, even between the guard's read and this write.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { tableName } from '../../infra/tables.ts';
import { currentRegion, documentClient } from '../lib/clients.ts';
import { InvalidState, OrderAdopted, OrderCancelled } from '../lib/errors.ts';
import { loadOrder } from '../lib/order-guard.ts';
import { publishOrderStatus } from '../lib/events.ts';
import { nowIso } from '../lib/types.ts';
import type { Order, OrderStatus, StatusChange } from '../lib/types.ts';

export interface StatusChangeRequest {
  readonly orderId: string;
  readonly to: OrderStatus;
  readonly from: readonly OrderStatus[];
  readonly note?: string;
  /** Further attributes written in the same update, e.g. the tracking number. */
  readonly set?: Readonly<Record<string, unknown>>;
}

export async function changeOrderStatus(request: StatusChangeRequest): Promise<Order> {
  const at = nowIso();
  const entry: StatusChange = request.note === undefined ? { status: request.to, at } : { status: request.to, at, note: request.note };
  const names: Record<string, string> = { '#status': 'status', '#history': 'history', '#updatedAt': 'updatedAt', '#home': 'homeRegion' };
  const values: Record<string, unknown> = { ':to': request.to, ':entry': [entry], ':at': at, ':home': currentRegion() };
  const sets = ['#status = :to', '#history = list_append(#history, :entry)', '#updatedAt = :at'];
  Object.entries(request.set ?? {}).forEach(([attribute, value], i) => {
    names[`#set${i}`] = attribute;
    values[`:set${i}`] = value;
    sets.push(`#set${i} = :set${i}`);
  });
  const allowed = request.from.map((status, i) => {
    values[`:from${i}`] = status;
    return `:from${i}`;
  });
  try {
    const { Attributes } = await documentClient().send(new UpdateCommand({
      TableName: tableName('Orders'),
      Key: { id: request.orderId },
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: `attribute_exists(id) AND #home = :home AND #status IN (${allowed.join(', ')})`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_NEW',
    }));
    const order = Attributes as Order;
    await publishOrderStatus(order);
    return order;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const current = await loadOrder(request.orderId);
    if (current.homeRegion !== currentRegion()) throw new OrderAdopted(`order ${request.orderId} is owned by ${current.homeRegion}`);
    if (current.status === request.to) {
      await publishOrderStatus(current);
      return current;
    }
    if (current.status === 'CANCELLED') throw new OrderCancelled(`order ${request.orderId} was cancelled`);
    throw new InvalidState(`order ${request.orderId} is ${current.status}; cannot become ${request.to}`);
  }
}
