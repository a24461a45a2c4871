// Every task that acts on an existing order reads it first (strongly consistent, from the home
// region that alone writes it) and stops if support or the shopper cancelled it meanwhile, or if
// another region (or a later epoch of this one) owns it now.
import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../infra/tables.ts';
import { currentRegion, documentClient, dynamoClient } from './clients.ts';
import { NotFound, OrderAdopted, OrderCancelled } from './errors.ts';
import type { Order } from './types.ts';
import { epochOf, executionEpoch, judgeOwnership } from '../regions/ownership.ts';
import { otherRegions, peerDynamoClient } from '../regions/peers.ts';

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

/**
 * The fencing check every saga task runs before acting: when the order exists, this region must own
 * it, at the epoch the execution was started for (read from `executionId`, when the task is given
 * it). Otherwise `OrderAdopted`, which the sagas catch by ending without acting. An order that does
 * not exist yet (Checkout before StoreOrder, its compensations) has no owner to check.
 *
 * The owner is read here and, when other regions are configured, in the nearest other region's
 * replica too, and the higher epoch decides: a region that comes back after an evacuation resumes
 * its executions before replication has brought it the adoption, and its own replica alone would
 * still name it the owner (a 20/s drill saw a returning region refund adopted orders and its
 * writes, the newer ones, win over the adopter's). A region that does not answer is passed over.
 */
export async function requireOwnership(orderId: string, executionId?: string): Promise<void> {
  const here = await ownerIn(dynamoClient(), orderId);
  if (here === undefined) return;
  const there = await ownerInNearestPeer(orderId);
  const owner = there !== undefined && epochOf(there) > epochOf(here) ? there : here;
  const verdict = judgeOwnership(owner, currentRegion(), executionId === undefined ? undefined : executionEpoch(executionId));
  if (!verdict.owned) throw new OrderAdopted(verdict.reason);
}

type Owner = Pick<Order, 'id' | 'homeRegion' | 'ownerEpoch'>;

/**
 * The owner as the nearest other region that answers holds it: one read in the common case. The
 * evacuation runs in the lost region's nearest survivor (local/regions/evacuate.ts picks it; the
 * runbook on AWS says so), so that replica is the adopter's own.
 */
async function ownerInNearestPeer(orderId: string): Promise<Owner | undefined> {
  for (const region of otherRegions(currentRegion())) {
    try {
      return await ownerIn(peerDynamoClient(region), orderId);
    } catch {
      // Unreachable: the next region.
    }
  }
  return undefined;
}

/** The order's owner and epoch in one replica; undefined where the order is not (yet). */
async function ownerIn(client: DynamoDBClient, orderId: string): Promise<Owner | undefined> {
  // The low-level client: two attributes need no document marshalling, and its middleware is cached.
  const { Item } = await client.send(new GetItemCommand({
    TableName: tableName('Orders'), Key: { id: { S: orderId } }, ConsistentRead: true,
    ProjectionExpression: 'id, homeRegion, ownerEpoch',
  }));
  if (Item === undefined) return undefined;
  return { id: orderId, homeRegion: Item.homeRegion?.S ?? '', ownerEpoch: Item.ownerEpoch?.N === undefined ? undefined : Number(Item.ownerEpoch.N) };
}
