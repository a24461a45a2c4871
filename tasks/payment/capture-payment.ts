// CapturePayment: takes the authorised amount once the order is packed. Checks the order was not
// cancelled first; a capture already made is returned as it is.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { makeTask } from '../lib/task.ts';
import { documentClient } from '../lib/clients.ts';
import { InvalidState } from '../lib/errors.ts';
import { requireString } from '../lib/input.ts';
import { loadActiveOrder } from '../lib/order-guard.ts';
import { nowIso } from '../lib/types.ts';
import type { Money } from '../lib/types.ts';
import { tableName } from '../../infra/tables.ts';
import { paymentProvider } from './provider.ts';
import { loadPayment } from './payments.ts';
import type { AuthorisationRecord, CaptureRecord } from './payments.ts';

export interface CapturePaymentInput {
  readonly orderId: string;
  readonly executionId?: string;
}

export interface CapturePaymentResult {
  readonly orderId: string;
  readonly captureId: string;
  readonly amount: Money;
  readonly at: string;
}

export async function capturePayment(input: CapturePaymentInput): Promise<CapturePaymentResult> {
  const orderId = requireString(input.orderId, 'orderId');
  const done = await loadPayment<CaptureRecord>(orderId, 'CAPTURE');
  if (done !== undefined) return { orderId, captureId: done.captureId, amount: done.amount, at: done.capturedAt };
  await loadActiveOrder(orderId);
  const authorisation = await loadPayment<AuthorisationRecord>(orderId, 'AUTHORISATION');
  if (authorisation?.status !== 'AUTHORISED') {
    throw new InvalidState(`order ${orderId} has no live authorisation to capture (${authorisation?.status ?? 'none'})`);
  }
  const { captureId } = await paymentProvider().capture({
    reference: `capture:${orderId}`, authorisationId: authorisation.authorisationId, amount: authorisation.amount,
  });
  const at = nowIso();
  const record: CaptureRecord = {
    orderId, operation: 'CAPTURE', captureId, amount: authorisation.amount, refundable: authorisation.amount.amount, capturedAt: at,
  };
  try {
    await documentClient().send(new PutCommand({
      TableName: tableName('Payments'), Item: record, ConditionExpression: 'attribute_not_exists(orderId)',
    }));
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const winner = (await loadPayment<CaptureRecord>(orderId, 'CAPTURE'))!;
    return { orderId, captureId: winner.captureId, amount: winner.amount, at: winner.capturedAt };
  }
  return { orderId, captureId, amount: authorisation.amount, at };
}

export const handler = makeTask<CapturePaymentInput, CapturePaymentResult>({
  name: 'CapturePayment',
  fenced: true,
  idempotencyKey: '[orderId, executionId]',
  run: capturePayment,
});
