// SweepReservations (scheduled: EventBridge every minute on AWS, a timer in the local platform):
// no orphans. A checkout cut off mid-run (its region lost, its process killed) leaves its stock
// reserved with no order; every reservation carries an expiry, and once it has passed, a RESERVED
// reservation whose order was never stored goes back to `available` (the same transaction as
// ReleaseStock), while one whose order exists simply loses its expiry (it converted). Each region
// sweeps the reservations on rows it owns, its own and those an evacuation adopted.
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { tableName } from '../../infra/tables.ts';
import { currentRegion, documentClient, dynamoClient } from '../lib/clients.ts';
import { makeTask } from '../lib/task.ts';
import { closeReservation } from './inventory.ts';
import type { Reservation } from './inventory.ts';

export interface SweepReservationsInput {
  /** The schedule's event id (EventBridge gives each event one): the idempotency key. */
  readonly id: string;
}

export interface SweepReservationsResult {
  readonly region: string;
  readonly examined: number;
  readonly released: readonly string[];
  readonly converted: number;
}

async function expiredReservations(nowSeconds: number, region: string): Promise<Reservation[]> {
  const found: Reservation[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(new ScanCommand({
      TableName: tableName('Inventory'), ConsistentRead: true, ExclusiveStartKey: startKey,
      FilterExpression: 'sk = :reservation AND #status = :reserved AND expiresAt < :now AND (ownerRegion = :me OR (attribute_not_exists(ownerRegion) AND #region = :me))',
      ExpressionAttributeNames: { '#status': 'status', '#region': 'region' },
      ExpressionAttributeValues: { ':reservation': 'RESERVATION', ':reserved': 'RESERVED', ':now': nowSeconds, ':me': region },
    }));
    found.push(...((page.Items ?? []) as Reservation[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return found;
}

async function orderExists(orderId: string): Promise<boolean> {
  const { Item } = await dynamoClient().send(new GetItemCommand({
    TableName: tableName('Orders'), Key: { id: { S: orderId } }, ConsistentRead: true, ProjectionExpression: 'id',
  }));
  return Item !== undefined;
}

export async function sweepReservations(nowMs = Date.now()): Promise<SweepReservationsResult> {
  const region = currentRegion();
  const candidates = await expiredReservations(Math.floor(nowMs / 1000), region);
  const released: string[] = [];
  let converted = 0;
  for (const reservation of candidates) {
    if (await orderExists(reservation.orderId)) {
      await documentClient().send(new UpdateCommand({
        TableName: tableName('Inventory'), Key: { pk: reservation.pk, sk: reservation.sk },
        UpdateExpression: 'REMOVE expiresAt', ConditionExpression: '#status = :reserved',
        ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':reserved': 'RESERVED' },
      })).catch((error: unknown) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error; // settled meanwhile
      });
      converted += 1;
      continue;
    }
    // A reservation settled meanwhile (its checkout's compensation) fails the transaction's
    // condition and is left as it is.
    const outcome = await closeReservation(reservation, 'RELEASED');
    if (outcome.ok) released.push(reservation.orderId);
  }
  return { region, examined: candidates.length, released, converted };
}

export const handler = makeTask<SweepReservationsInput, SweepReservationsResult>({
  name: 'SweepReservations',
  idempotencyKey: 'id',
  run: () => sweepReservations(),
});
