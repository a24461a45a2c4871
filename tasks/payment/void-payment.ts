// VoidPayment (compensation): releases the authorisation hold of an order that will not be
// captured. Nothing authorised, declined, or already voided: nothing to do. An authorisation still
// PENDING (its checkout crashed or gave up while the provider was asked) may or may not be held:
// the same request is repeated under its reference, which gives the hold if there is one, and that
// hold is released. Captured money is never voided (the saga refunds it instead), so a void after
// a capture is an InvalidState.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { makeTask } from '../lib/task.ts';
import { documentClient } from '../lib/clients.ts';
import { InvalidState, PaymentDeclined } from '../lib/errors.ts';
import { requireString } from '../lib/input.ts';
import { nowIso } from '../lib/types.ts';
import { tableName } from '../../infra/tables.ts';
import { paymentProvider } from './provider.ts';
import { loadPayment, references } from './payments.ts';
import type { AuthorisationRecord, CaptureRecord } from './payments.ts';

export interface VoidPaymentInput {
  readonly orderId: string;
  readonly executionId?: string;
}

export interface VoidPaymentResult {
  readonly orderId: string;
  readonly status: 'VOIDED' | 'NONE';
  readonly voided: boolean;
}

/** The hold a PENDING authorisation made, if it made one: its request repeated under its reference. */
async function holdOf(authorisation: AuthorisationRecord): Promise<string | undefined> {
  try {
    const { authorisationId } = await paymentProvider().authorise({
      reference: authorisation.reference!, orderId: authorisation.orderId, token: authorisation.paymentToken!, amount: authorisation.amount,
    });
    return authorisationId;
  } catch (error) {
    if (error instanceof PaymentDeclined) return undefined;
    throw error;
  }
}

export async function voidPayment(input: VoidPaymentInput): Promise<VoidPaymentResult> {
  const orderId = requireString(input.orderId, 'orderId');
  const authorisation = await loadPayment<AuthorisationRecord>(orderId, 'AUTHORISATION');
  if (authorisation === undefined || authorisation.status === 'DECLINED') return { orderId, status: 'NONE', voided: false };
  if (authorisation.status === 'VOIDED') return { orderId, status: 'VOIDED', voided: false };
  if (await loadPayment<CaptureRecord>(orderId, 'CAPTURE') !== undefined) {
    throw new InvalidState(`order ${orderId} was captured; refund it instead of voiding`);
  }
  const authorisationId = authorisation.status === 'PENDING' ? await holdOf(authorisation) : authorisation.authorisationId;
  if (authorisationId !== undefined) {
    await paymentProvider().void({ reference: references.void(authorisationId), orderId, authorisationId });
  }
  if (await markVoided(authorisation, authorisation.status)) return { orderId, status: 'VOIDED', voided: true };
  // A PENDING attempt completed meanwhile with the very hold just released: record the release.
  const now = await loadPayment<AuthorisationRecord>(orderId, 'AUTHORISATION');
  if (now?.status === 'AUTHORISED' && now.authorisationId === authorisationId && await markVoided(now, 'AUTHORISED')) {
    return { orderId, status: 'VOIDED', voided: true };
  }
  return { orderId, status: 'VOIDED', voided: false };
}

async function markVoided(authorisation: AuthorisationRecord, was: AuthorisationRecord['status']): Promise<boolean> {
  try {
    await documentClient().send(new UpdateCommand({
      TableName: tableName('Payments'),
      Key: { orderId: authorisation.orderId, operation: 'AUTHORISATION' },
      UpdateExpression: 'SET #status = :voided, voidedAt = :at REMOVE paymentToken',
      ConditionExpression: '#status = :was AND attempt = :attempt',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':voided': 'VOIDED', ':was': was, ':attempt': authorisation.attempt ?? 0, ':at': nowIso() },
    }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export const handler = makeTask<VoidPaymentInput, VoidPaymentResult>({
  name: 'VoidPayment',
  fenced: true,
  idempotencyKey: '[orderId, executionId]',
  run: voidPayment,
});
