// StoreOrder: writes the PLACED order with its own copy of the items, prices and address (later
// catalogue edits do not change it), its home region (the only region that writes it and runs its
// sagas) and the first history entry. A replay returns the order already stored. The same item is
// written at once to the nearest other continent (order-copy.ts), so an order acknowledged by
// placeOrder survives its region dying a moment later.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { makeTask } from '../lib/task.ts';
import { currentRegion, documentClient } from '../lib/clients.ts';
import { InvalidState } from '../lib/errors.ts';
import { publishOrderStatus } from '../lib/events.ts';
import { requireString } from '../lib/input.ts';
import { loadOrder } from '../lib/order-guard.ts';
import { nowIso } from '../lib/types.ts';
import type { Address, Money, Order, OrderItem } from '../lib/types.ts';
import { tableName } from '../../infra/tables.ts';
import { firstEpoch } from '../regions/ownership.ts';
import { copyOrderToPeer } from './order-copy.ts';

export interface StoreOrderInput {
  readonly orderId: string;
  readonly executionId?: string;
  readonly userId: string;
  readonly idempotencyKey: string;
  readonly items: readonly OrderItem[];
  readonly itemsTotal: Money;
  readonly deliveryPrice: Money;
  readonly total: Money;
  readonly deliveryAddress: Address;
  readonly authorisationId: string;
}

export async function storeOrder(input: StoreOrderInput): Promise<Order> {
  const at = nowIso();
  const order: Order = {
    id: requireString(input.orderId, 'orderId'),
    userId: requireString(input.userId, 'userId'),
    status: 'PLACED',
    items: input.items.map((i) => ({ productId: i.productId, name: i.name, quantity: i.quantity, unitPrice: { ...i.unitPrice } })),
    itemsTotal: { ...input.itemsTotal },
    deliveryPrice: { ...input.deliveryPrice },
    total: { ...input.total },
    deliveryAddress: { ...input.deliveryAddress },
    homeRegion: currentRegion(),
    ownerEpoch: firstEpoch,
    idempotencyKey: requireString(input.idempotencyKey, 'idempotencyKey'),
    authorisationId: requireString(input.authorisationId, 'authorisationId'),
    history: [{ status: 'PLACED', at }],
    createdAt: at,
    updatedAt: at,
  };
  try {
    await documentClient().send(new PutCommand({
      TableName: tableName('Orders'), Item: order, ConditionExpression: 'attribute_not_exists(id)',
    }));
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const existing = await loadOrder(order.id);
    if (existing.status === 'FAILED') throw new InvalidState(`order ${order.id} failed earlier; place it with a new idempotency key`);
    // The first attempt may have stopped between the two writes.
    await copyOrderToPeer(existing, existing.homeRegion);
    return existing;
  }
  // After the home write, not beside it: a copy of an order whose home write then failed would be
  // an order nobody runs. The cost is one inter-region round trip on top of the local write.
  await copyOrderToPeer(order, order.homeRegion);
  await publishOrderStatus(order);
  return order;
}

export const handler = makeTask<StoreOrderInput, Order>({
  name: 'StoreOrder',
  idempotencyKey: '[orderId, executionId]',
  run: storeOrder,
});
