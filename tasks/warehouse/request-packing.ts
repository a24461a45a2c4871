// RequestPacking (a .waitForTaskToken step): stores the packing request with the execution's task
// token for the warehouse console, and sets the order PACKING. The warehouse answers through
// confirmPacked (SendTaskSuccess) or reportPackingFailed (SendTaskFailure, PackingFailed).
// A redrive brings a new token, which replaces the old one.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { makeTask } from '../lib/task.ts';
import { documentClient } from '../lib/clients.ts';
import { NotFound } from '../lib/errors.ts';
import { requireString } from '../lib/input.ts';
import { loadActiveOrder } from '../lib/order-guard.ts';
import { nowIso } from '../lib/types.ts';
import { tableName } from '../../infra/tables.ts';
import { changeOrderStatus } from '../orders/order-status.ts';
import { loadReservation, packingKey } from './inventory.ts';

export interface RequestPackingInput {
  readonly orderId: string;
  readonly taskToken: string;
}

export interface RequestPackingResult {
  readonly orderId: string;
  readonly status: 'PACKING';
}

export async function requestPacking(input: RequestPackingInput): Promise<RequestPackingResult> {
  const orderId = requireString(input.orderId, 'orderId');
  const taskToken = requireString(input.taskToken, 'taskToken');
  await loadActiveOrder(orderId);
  const reservation = await loadReservation(orderId);
  if (reservation === undefined) throw new NotFound(`order ${orderId} has no reservation to pack`);
  await documentClient().send(new PutCommand({
    TableName: tableName('Inventory'),
    Item: {
      ...packingKey(orderId), orderId, region: reservation.region, items: reservation.items,
      status: 'REQUESTED', taskToken, requestedAt: nowIso(),
    },
  }));
  await changeOrderStatus({ orderId, to: 'PACKING', from: ['PLACED'] });
  return { orderId, status: 'PACKING' };
}

export const handler = makeTask<RequestPackingInput, RequestPackingResult>({
  name: 'RequestPacking',
  fenced: true,
  // Each token is a new wait (a redrive issues a fresh one), so the token is part of the key.
  idempotencyKey: '[orderId, taskToken]',
  run: requestPacking,
});
