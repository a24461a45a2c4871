// AuthorisePayment: holds the order's total on the shopper's payment method. An order already
// authorised gets its authorisation back; one whose authorisation was voided (a failed checkout
// retried with the same key) is authorised afresh.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { makeTask } from '../lib/task.ts';
import { documentClient } from '../lib/clients.ts';
import { requireInteger, requireObject, requireString } from '../lib/input.ts';
import { nowIso } from '../lib/types.ts';
import type { Money } from '../lib/types.ts';
import { tableName } from '../../infra/tables.ts';
import { paymentProvider } from './provider.ts';
import { loadPayment } from './payments.ts';
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

export async function authorisePayment(input: AuthorisePaymentInput): Promise<AuthorisePaymentResult> {
  const orderId = requireString(input.orderId, 'orderId');
  const token = requireString(input.paymentToken, 'paymentToken');
  const money = requireObject(input.amount, 'amount');
  const amount: Money = { amount: requireInteger(money.amount, 'amount.amount', 0, Number.MAX_SAFE_INTEGER), currency: requireString(money.currency, 'amount.currency') };

  const existing = await loadPayment<AuthorisationRecord>(orderId, 'AUTHORISATION');
  if (existing?.status === 'AUTHORISED') return { orderId, authorisationId: existing.authorisationId, amount: existing.amount };

  const provider = paymentProvider();
  // The provider's idempotency key is a business key (the order and which authorisation of it),
  // never an execution id: concurrent checkouts of one order (one idempotency key placed many
  // times at once) then get one hold at the provider, and only a checkout retried after its
  // authorisation was voided asks for a new one.
  const attempt = existing === undefined ? 0 : (existing.attempt ?? 0) + 1;
  const reference = `authorise:${orderId}:${attempt}`;
  const { authorisationId } = await provider.authorise({ reference, token, amount });
  const record: AuthorisationRecord = { orderId, operation: 'AUTHORISATION', authorisationId, amount, status: 'AUTHORISED', attempt, authorisedAt: nowIso() };
  try {
    await documentClient().send(new PutCommand({
      TableName: tableName('Payments'),
      Item: record,
      ConditionExpression: 'attribute_not_exists(orderId) OR #status = :voided OR authorisationId = :mine',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':voided': 'VOIDED', ':mine': authorisationId },
    }));
    return { orderId, authorisationId, amount };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    // Another attempt for this order authorised first with another hold: keep its hold, release ours.
    await provider.void({ reference: `void:${authorisationId}`, authorisationId });
    const winner = await loadPayment<AuthorisationRecord>(orderId, 'AUTHORISATION');
    return { orderId, authorisationId: winner!.authorisationId, amount: winner!.amount };
  }
}

export const handler = makeTask<AuthorisePaymentInput, AuthorisePaymentResult>({
  name: 'AuthorisePayment',
  idempotencyKey: '[orderId, executionId]',
  run: authorisePayment,
});
