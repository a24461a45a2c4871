// CapturePayment: takes the order's total from its authorisation once the order is packed (less
// than held when the order shrank: the provider releases the rest). Checks the order was not
// cancelled first; a capture already made is returned as it is.
// Crash-safe: the capture is recorded PENDING before the provider is asked and completed after; a
// retry that finds it PENDING asks again under the same reference (one capture per order), which
// the provider answers with the capture it made.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { makeTask } from '../lib/task.ts';
import { documentClient } from '../lib/clients.ts';
import { InvalidState, PaymentDeclined } from '../lib/errors.ts';
import { requireString } from '../lib/input.ts';
import { loadActiveOrder } from '../lib/order-guard.ts';
import { nowIso } from '../lib/types.ts';
import type { Money } from '../lib/types.ts';
import { tableName } from '../../infra/tables.ts';
import { paymentProvider } from './provider.ts';
import { isCaptured, loadPayment, references } from './payments.ts';
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

const key = (orderId: string) => ({ orderId, operation: 'CAPTURE' });

/** The PENDING capture to ask the provider about: the one recorded by an earlier try, or a new one. */
async function pendingCapture(orderId: string): Promise<CaptureRecord> {
  const recorded = await loadPayment<CaptureRecord>(orderId, 'CAPTURE');
  if (recorded !== undefined) return recorded;
  const order = await loadActiveOrder(orderId);
  const authorisation = await loadPayment<AuthorisationRecord>(orderId, 'AUTHORISATION');
  if (authorisation?.status !== 'AUTHORISED') {
    throw new InvalidState(`order ${orderId} has no live authorisation to capture (${authorisation?.status ?? 'none'})`);
  }
  if (order.total.currency !== authorisation.amount.currency) throw new InvalidState(`order ${orderId} is in ${order.total.currency}, authorised in ${authorisation.amount.currency}`);
  const amount: Money = { amount: Math.min(order.total.amount, authorisation.amount.amount), currency: authorisation.amount.currency };
  const pending: CaptureRecord = { orderId, operation: 'CAPTURE', status: 'PENDING', amount, refundable: 0, requestedAt: nowIso() };
  try {
    await documentClient().send(new PutCommand({ TableName: tableName('Payments'), Item: pending, ConditionExpression: 'attribute_not_exists(orderId)' }));
    return pending;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return (await loadPayment<CaptureRecord>(orderId, 'CAPTURE'))!;
  }
}

export async function capturePayment(input: CapturePaymentInput): Promise<CapturePaymentResult> {
  const orderId = requireString(input.orderId, 'orderId');
  const record = await pendingCapture(orderId);
  if (isCaptured(record)) return { orderId, captureId: record.captureId, amount: record.amount, at: record.capturedAt };
  const authorisation = (await loadPayment<AuthorisationRecord>(orderId, 'AUTHORISATION'))!;

  let captureId: string;
  try {
    ({ captureId } = await paymentProvider().capture({
      reference: references.capture(orderId), orderId, authorisationId: authorisation.authorisationId!, amount: record.amount,
    }));
  } catch (error) {
    // Refused (the hold expired or was released): nothing was captured, so no capture is recorded
    // and the saga's compensation voids the authorisation as for any decline.
    if (error instanceof PaymentDeclined) {
      await documentClient().send(new DeleteCommand({
        TableName: tableName('Payments'), Key: key(orderId), ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':pending': 'PENDING' },
      })).catch((e: unknown) => { if (!(e instanceof ConditionalCheckFailedException)) throw e; });
    }
    throw error;
  }
  const at = nowIso();
  try {
    await documentClient().send(new UpdateCommand({
      TableName: tableName('Payments'), Key: key(orderId),
      UpdateExpression: 'SET #status = :captured, captureId = :id, refundable = :amount, capturedAt = :at',
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':captured': 'CAPTURED', ':pending': 'PENDING', ':id': captureId, ':amount': record.amount.amount, ':at': at },
    }));
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const winner = (await loadPayment<CaptureRecord>(orderId, 'CAPTURE'))!;
    return { orderId, captureId: winner.captureId!, amount: winner.amount, at: winner.capturedAt! };
  }
  return { orderId, captureId, amount: record.amount, at };
}

export const handler = makeTask<CapturePaymentInput, CapturePaymentResult>({
  name: 'CapturePayment',
  fenced: true,
  idempotencyKey: '[orderId, executionId]',
  run: capturePayment,
});
