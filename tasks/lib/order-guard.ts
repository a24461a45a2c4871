// Every task that acts on an existing order reads it first (strongly consistent, from the home
// region that alone writes it) and stops if support or the shopper cancelled it meanwhile.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../infra/tables.ts';
import { documentClient } from './clients.ts';
import { NotFound, OrderCancelled } from './errors.ts';
import type { Order } from './types.ts';

export async function loadOrder(orderId: string): Promise<Order> {
  const { Item } = await documentClient().send(new GetCommand({
    TableName: tableName('Orders'), Key: { id: orderId }, ConsistentRead: true,
  }));
  if (Item === undefined) throw new NotFound(`order ${orderId} does not exist`);
  return Item as Order;
}

/** The order, unless it was cancelled: then `OrderCancelled`, which the sagas catch and compensate. */
export async function loadActiveOrder(orderId: string): Promise<Order> {
  const order = await loadOrder(orderId);
  if (order.status === 'CANCELLED') throw new OrderCancelled(`order ${orderId} was cancelled`);
  return order;
}
