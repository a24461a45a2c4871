// VoidPayment (compensation): releases the authorisation hold of an order that will not be
// captured. Nothing authorised, or already voided: nothing to do. Captured money is never voided
// (the saga refunds it instead), so a void after a capture is an InvalidState.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { makeTask } from '../lib/task.ts';
import { documentClient } from '../lib/clients.ts';
import { InvalidState } from '../lib/errors.ts';
import { requireString } from '../lib/input.ts';
import { nowIso } from '../lib/types.ts';
import { tableName } from '../../infra/tables.ts';
import { paymentProvider } from './provider.ts';
import { loadPayment } from './payments.ts';
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

export async function voidPayment(input: VoidPaymentInput): Promise<VoidPaymentResult> {
  const orderId = requireString(input.orderId, 'orderId');
  const authorisation = await loadPayment<AuthorisationRecord>(orderId, 'AUTHORISATION');
  if (authorisation === undefined) return { orderId, status: 'NONE', voided: false };
  if (authorisation.status === 'VOIDED') return { orderId, status: 'VOIDED', voided: false };
  if (await loadPayment<CaptureRecord>(orderId, 'CAPTURE') !== undefined) {
    throw new InvalidState(`order ${orderId} was captured; refund it instead of voiding`);
  }
  await paymentProvider().void({ reference: `void:${authorisation.authorisationId}`, authorisationId: authorisation.authorisationId });
  try {
    await documentClient().send(new UpdateCommand({
      TableName: tableName('Payments'),
      Key: { orderId, operation: 'AUTHORISATION' },
      UpdateExpression: 'SET #status = :voided, voidedAt = :at',
      ConditionExpression: '#status = :authorised AND authorisationId = :id',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':voided': 'VOIDED', ':authorised': 'AUTHORISED', ':id': authorisation.authorisationId, ':at': nowIso() },
    }));
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return { orderId, status: 'VOIDED', voided: false };
  }
  return { orderId, status: 'VOIDED', voided: true };
}

export const handler = makeTask<VoidPaymentInput, VoidPaymentResult>({
  name: 'VoidPayment',
  fenced: true,
  idempotencyKey: '[orderId, executionId]',
  run: voidPayment,
});
