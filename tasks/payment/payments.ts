// The Payments table's items (pk orderId, sk operation): AUTHORISATION (its status becomes VOIDED
// when voided), CAPTURE (with `refundable`, what may still be refunded) and REFUND#<refundId>.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../infra/tables.ts';
import { documentClient } from '../lib/clients.ts';
import type { Money } from '../lib/types.ts';

export interface AuthorisationRecord {
  readonly orderId: string;
  readonly operation: 'AUTHORISATION';
  readonly authorisationId: string;
  readonly amount: Money;
  readonly status: 'AUTHORISED' | 'VOIDED';
  /** Which authorisation of the order this is: 0, then one more after each void (a retried checkout). */
  readonly attempt?: number;
  readonly authorisedAt: string;
  readonly voidedAt?: string;
}

export interface CaptureRecord {
  readonly orderId: string;
  readonly operation: 'CAPTURE';
  readonly captureId: string;
  readonly amount: Money;
  /** Captured minus refunds done or under way, in minor units. */
  readonly refundable: number;
  readonly capturedAt: string;
}

export interface RefundPaymentRecord {
  readonly orderId: string;
  readonly operation: string;
  readonly refundId: string;
  readonly amount: Money;
  /** PENDING while the provider is asked; the amount is already held against `refundable`. */
  readonly status: 'PENDING' | 'REFUNDED' | 'FAILED';
  readonly providerRefundId?: string;
  readonly requestedAt: string;
  readonly refundedAt?: string;
}

export const refundOperation = (refundId: string) => `REFUND#${refundId}`;

export async function loadPayment<T>(orderId: string, operation: string): Promise<T | undefined> {
  const { Item } = await documentClient().send(new GetCommand({
    TableName: tableName('Payments'), Key: { orderId, operation }, ConsistentRead: true,
  }));
  return Item as T | undefined;
}

export async function loadRefunds(orderId: string): Promise<RefundPaymentRecord[]> {
  const { Items } = await documentClient().send(new QueryCommand({
    TableName: tableName('Payments'),
    KeyConditionExpression: 'orderId = :o AND begins_with(operation, :p)',
    ExpressionAttributeValues: { ':o': orderId, ':p': 'REFUND#' },
    ConsistentRead: true,
  }));
  return (Items ?? []) as RefundPaymentRecord[];
}
