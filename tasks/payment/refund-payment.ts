// RefundPayment: gives captured money back, never more than was captured minus earlier refunds.
// The amount is first held against the capture's `refundable` together with a PENDING refund item
// (one transaction, so two concurrent refunds cannot overspend), then the provider is asked, then
// the refund is marked REFUNDED. A declined refund returns the hold; a retry finds PENDING and asks
// the provider again with the same reference, which the provider answers idempotently.
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { makeTask } from '../lib/task.ts';
import { documentClient } from '../lib/clients.ts';
import { InvalidState, PaymentDeclined, ValidationError } from '../lib/errors.ts';
import { requireInteger, requireString } from '../lib/input.ts';
import { nowIso } from '../lib/types.ts';
import type { Money } from '../lib/types.ts';
import { tableName } from '../../infra/tables.ts';
import { paymentProvider } from './provider.ts';
import { isCaptured, loadPayment, references, refundOperation } from './payments.ts';
import type { CaptureRecord, RefundPaymentRecord } from './payments.ts';

export interface RefundPaymentInput {
  readonly orderId: string;
  readonly refundId: string;
  /** Absent or null: everything still refundable (a saga's compensation). */
  readonly amount?: Money | null;
}

export interface RefundPaymentResult {
  readonly orderId: string;
  readonly refundId: string;
  readonly amount: Money;
  /** False when nothing was left to refund. */
  readonly refunded: boolean;
  readonly providerRefundId?: string;
  readonly at: string;
}

async function holdAmount(capture: CaptureRecord, refundId: string, amount: Money): Promise<RefundPaymentRecord | undefined> {
  const table = tableName('Payments');
  const pending: RefundPaymentRecord = {
    orderId: capture.orderId, operation: refundOperation(refundId), refundId, amount, status: 'PENDING', requestedAt: nowIso(),
  };
  try {
    await documentClient().send(new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: table,
            Key: { orderId: capture.orderId, operation: 'CAPTURE' },
            UpdateExpression: 'SET refundable = refundable - :a',
            ConditionExpression: 'refundable >= :a',
            ExpressionAttributeValues: { ':a': amount.amount },
          },
        },
        { Put: { TableName: table, Item: pending, ConditionExpression: 'attribute_not_exists(orderId)' } },
      ],
    }));
    return pending;
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const [captureReason, refundReason] = error.CancellationReasons ?? [];
    if (refundReason?.Code === 'ConditionalCheckFailed') return undefined; // a racing attempt holds it
    if (captureReason?.Code === 'ConditionalCheckFailed') {
      throw new ValidationError(`order ${capture.orderId} has less than ${amount.amount} left to refund`);
    }
    throw error;
  }
}

async function settle(orderId: string, refundId: string, outcome: { providerRefundId: string } | 'FAILED', amount: number): Promise<string> {
  const at = nowIso();
  const table = tableName('Payments');
  if (outcome === 'FAILED') {
    await documentClient().send(new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: table, Key: { orderId, operation: refundOperation(refundId) },
            UpdateExpression: 'SET #status = :failed, failedAt = :at', ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':failed': 'FAILED', ':pending': 'PENDING', ':at': at },
          },
        },
        {
          Update: {
            TableName: table, Key: { orderId, operation: 'CAPTURE' },
            UpdateExpression: 'SET refundable = refundable + :a', ExpressionAttributeValues: { ':a': amount },
          },
        },
      ],
    }));
    return at;
  }
  await documentClient().send(new UpdateCommand({
    TableName: table, Key: { orderId, operation: refundOperation(refundId) },
    UpdateExpression: 'SET #status = :refunded, providerRefundId = :p, refundedAt = :at',
    ConditionExpression: '#status IN (:pending, :refunded)',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':refunded': 'REFUNDED', ':pending': 'PENDING', ':p': outcome.providerRefundId, ':at': at },
  }));
  return at;
}

export async function refundPayment(input: RefundPaymentInput): Promise<RefundPaymentResult> {
  const orderId = requireString(input.orderId, 'orderId');
  const refundId = requireString(input.refundId, 'refundId');
  const capture = await loadPayment<CaptureRecord>(orderId, 'CAPTURE');
  if (!isCaptured(capture)) throw new InvalidState(`order ${orderId} has not been captured, so nothing can be refunded`);

  let record = await loadPayment<RefundPaymentRecord>(orderId, refundOperation(refundId));
  if (record?.status === 'REFUNDED') {
    return { orderId, refundId, amount: record.amount, refunded: true, providerRefundId: record.providerRefundId, at: record.refundedAt! };
  }
  if (record?.status === 'FAILED') throw new PaymentDeclined(`refund ${refundId} of order ${orderId} was declined`);
  if (record === undefined) {
    const requested = input.amount ?? { amount: capture.refundable, currency: capture.amount.currency };
    const amount: Money = { amount: requireInteger(requested.amount, 'amount.amount', 0, Number.MAX_SAFE_INTEGER), currency: requested.currency };
    if (amount.currency !== capture.amount.currency) throw new ValidationError(`order ${orderId} was paid in ${capture.amount.currency}`);
    if (amount.amount === 0) return { orderId, refundId, amount, refunded: false, at: nowIso() };
    record = await holdAmount(capture, refundId, amount) ?? await loadPayment<RefundPaymentRecord>(orderId, refundOperation(refundId));
    if (record === undefined) throw new InvalidState(`refund ${refundId} of order ${orderId} vanished while being recorded`);
  }
  try {
    const { refundId: providerRefundId } = await paymentProvider().refund({
      reference: references.refund(orderId, refundId), orderId, captureId: capture.captureId, amount: record.amount,
    });
    const at = await settle(orderId, refundId, { providerRefundId }, record.amount.amount);
    return { orderId, refundId, amount: record.amount, refunded: true, providerRefundId, at };
  } catch (error) {
    if (error instanceof PaymentDeclined) await settle(orderId, refundId, 'FAILED', record.amount.amount);
    throw error;
  }
}

export const handler = makeTask<RefundPaymentInput, RefundPaymentResult>({
  name: 'RefundPayment',
  fenced: true,
  idempotencyKey: '[orderId, refundId]',
  run: refundPayment,
});
