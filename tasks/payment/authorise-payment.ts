// AuthorisePayment: holds the order's total on the shopper's payment method. An order already
// authorised gets its authorisation back; one whose authorisation was voided or declined (a failed
// checkout retried with the same key) is authorised afresh under the next attempt.
// Crash-safe: the attempt is recorded PENDING (with its reference, the provider's idempotency key)
// before the provider is asked, and completed after. A retry that finds it PENDING asks again with
// the same reference, which the provider answers with the same hold; VoidPayment finds it too.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { makeTask } from '../lib/task.ts';
import { documentClient } from '../lib/clients.ts';
import { InvalidState, PaymentDeclined } from '../lib/errors.ts';
import { requireInteger, requireObject, requireString } from '../lib/input.ts';
import { nowIso } from '../lib/types.ts';
import type { Money } from '../lib/types.ts';
import { tableName } from '../../infra/tables.ts';
import { paymentProvider } from './provider.ts';
import { loadPayment, references } from './payments.ts';
import type { AuthorisationRecord } from './payments.ts';

export interface AuthorisePaymentInput {
  readonly orderId: string;
  readonly executionId?: string;
  readonly amount: Money;
  readonly paymentToken: string;
}

export interface AuthorisePaymentResult {
  readonly orderId: string;
  readonly authorisationId: string;
  readonly amount: Money;
}

/**
 * The PENDING attempt to ask the provider about: the one already recorded (a retry resumes it), or
 * a new one, written only if nobody else wrote one first. The provider's key is a business key
 * (the order and which authorisation of it), never an execution id: concurrent checkouts of one
 * order get one hold, and only a checkout retried after a void or a decline asks for a new one.
 */
async function pendingAttempt(orderId: string, token: string, amount: Money): Promise<AuthorisationRecord> {
  for (;;) {
    const existing = await loadPayment<AuthorisationRecord>(orderId, 'AUTHORISATION');
    if (existing?.status === 'PENDING' || existing?.status === 'AUTHORISED') return existing;
    const attempt = existing === undefined ? 0 : (existing.attempt ?? 0) + 1;
    const pending: AuthorisationRecord = {
      orderId, operation: 'AUTHORISATION', status: 'PENDING', amount, attempt, reference: references.authorise(orderId, attempt), paymentToken: token, requestedAt: nowIso(),
    };
    try {
      await documentClient().send(new PutCommand({
        TableName: tableName('Payments'), Item: pending,
        ConditionExpression: existing === undefined ? 'attribute_not_exists(orderId)' : '#status = :was AND attempt = :attempt',
        ...(existing !== undefined && {
          ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':was': existing.status, ':attempt': existing.attempt ?? 0 },
        }),
      }));
      return pending;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // Another checkout of this order wrote first: take what it wrote.
    }
  }
}

/** PENDING -> `to`, for this attempt only; false when it had left PENDING already (a racing attempt). */
async function complete(record: AuthorisationRecord, to: 'AUTHORISED' | 'DECLINED', authorisationId?: string): Promise<boolean> {
  try {
    await documentClient().send(new UpdateCommand({
      TableName: tableName('Payments'), Key: { orderId: record.orderId, operation: 'AUTHORISATION' },
      UpdateExpression: to === 'AUTHORISED' ? 'SET #status = :to, authorisationId = :id, authorisedAt = :at REMOVE paymentToken' : 'SET #status = :to, declinedAt = :at REMOVE paymentToken',
      ConditionExpression: '#status = :pending AND attempt = :attempt',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':to': to, ':pending': 'PENDING', ':attempt': record.attempt ?? 0, ':at': nowIso(), ...(authorisationId !== undefined && { ':id': authorisationId }) },
    }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export async function authorisePayment(input: AuthorisePaymentInput): Promise<AuthorisePaymentResult> {
  const orderId = requireString(input.orderId, 'orderId');
  const token = requireString(input.paymentToken, 'paymentToken');
  const money = requireObject(input.amount, 'amount');
  const amount: Money = { amount: requireInteger(money.amount, 'amount.amount', 0, Number.MAX_SAFE_INTEGER), currency: requireString(money.currency, 'amount.currency') };

  const record = await pendingAttempt(orderId, token, amount);
  if (record.status === 'AUTHORISED') return { orderId, authorisationId: record.authorisationId!, amount: record.amount };

  let authorisationId: string;
  try {
    // The recorded attempt's own token and amount: a resumed attempt repeats the very same request.
    ({ authorisationId } = await paymentProvider().authorise({ reference: record.reference!, orderId, token: record.paymentToken ?? token, amount: record.amount }));
  } catch (error) {
    if (error instanceof PaymentDeclined) await complete(record, 'DECLINED');
    throw error;
  }
  if (await complete(record, 'AUTHORISED', authorisationId)) return { orderId, authorisationId, amount: record.amount };
  // Left PENDING meanwhile: a racing checkout completed the same attempt (the same hold), or a
  // compensation voided it.
  const now = await loadPayment<AuthorisationRecord>(orderId, 'AUTHORISATION');
  if (now?.status === 'AUTHORISED') return { orderId, authorisationId: now.authorisationId!, amount: now.amount };
  throw new InvalidState(`the authorisation of order ${orderId} was ${now?.status ?? 'removed'} while it was being made`);
}

export const handler = makeTask<AuthorisePaymentInput, AuthorisePaymentResult>({
  name: 'AuthorisePayment',
  idempotencyKey: '[orderId, executionId]',
  run: authorisePayment,
});
