// AwaitDelivery (a .waitForTaskToken step): stores the step's task token on the shipment, where
// the delivery staff's updateDelivery finds it: DELIVERED sends success, FAILED sends failure
// (DeliveryFailed). A redrive brings a new token, which replaces the old one.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { makeTask } from '../lib/task.ts';
import { documentClient } from '../lib/clients.ts';
import { NotFound } from '../lib/errors.ts';
import { requireString } from '../lib/input.ts';
import { loadActiveOrder } from '../lib/order-guard.ts';
import { nowIso } from '../lib/types.ts';
import { tableName } from '../../infra/tables.ts';

export interface AwaitDeliveryInput {
  readonly orderId: string;
  readonly taskToken: string;
}

export interface AwaitDeliveryResult {
  readonly orderId: string;
  readonly awaitingSince: string;
}

export async function awaitDelivery(input: AwaitDeliveryInput): Promise<AwaitDeliveryResult> {
  const orderId = requireString(input.orderId, 'orderId');
  const taskToken = requireString(input.taskToken, 'taskToken');
  await loadActiveOrder(orderId);
  const awaitingSince = nowIso();
  try {
    await documentClient().send(new UpdateCommand({
      TableName: tableName('Shipments'), Key: { orderId },
      UpdateExpression: 'SET taskToken = :t, awaitingSince = :at',
      ConditionExpression: 'attribute_exists(orderId)',
      ExpressionAttributeValues: { ':t': taskToken, ':at': awaitingSince },
    }));
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new NotFound(`order ${orderId} has no shipment`);
    throw error;
  }
  return { orderId, awaitingSince };
}

export const handler = makeTask<AwaitDeliveryInput, AwaitDeliveryResult>({
  name: 'AwaitDelivery',
  fenced: true,
  idempotencyKey: '[orderId, taskToken]',
  run: awaitDelivery,
});
