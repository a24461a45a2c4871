// The Payments table's items (pk orderId, sk operation): AUTHORISATION, CAPTURE (with `refundable`,
// what may still be refunded) and REFUND#<refundId>. Each is written PENDING before the provider is
// asked and completed after it answered, so a retry after a crash in between resumes with the same
// reference (the provider's idempotency key) and a compensation knows what may be held.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../infra/tables.ts';
import { documentClient } from '../lib/clients.ts';
import type { Money } from '../lib/types.ts';

export interface AuthorisationRecord {
  readonly orderId: string;
  readonly operation: 'AUTHORISATION';
  /**
   * PENDING: the provider is being asked (a hold may exist there, under `reference`); AUTHORISED:
   * held; VOIDED: released; DECLINED: the provider refused, nothing held.
   */
  readonly status: 'PENDING' | 'AUTHORISED' | 'VOIDED' | 'DECLINED';
  /** The provider's id of the hold; absent while PENDING. */
  readonly authorisationId?: string;
  readonly amount: Money;
  /** Which authorisation of the order this is: 0, then one more after each void or decline (a retried checkout). */
  readonly attempt?: number;
  /** The provider's idempotency key for this attempt: `authorise:<orderId>:<attempt>`. */
  readonly reference?: string;
  /** The shopper's payment token, kept while PENDING: the same call is repeated to resume or undo it. */
  readonly paymentToken?: string;
  readonly requestedAt?: string;
  readonly authorisedAt?: string;
  readonly voidedAt?: string;
}

export interface CaptureRecord {
  readonly orderId: string;
  readonly operation: 'CAPTURE';
  /** PENDING while the provider is asked (nothing refundable yet); CAPTURED once it answered. Absent: CAPTURED. */
  readonly status?: 'PENDING' | 'CAPTURED';
  /** The provider's id of the capture; absent while PENDING. */
  readonly captureId?: string;
  readonly amount: Money;
  /** Captured minus refunds done or under way, in minor units (0 while PENDING). */
  readonly refundable: number;
  readonly requestedAt?: string;
  readonly capturedAt?: string;
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

/** The provider references (idempotency keys) of each business operation. */
export const references = {
  authorise: (orderId: string, attempt: number) => `authorise:${orderId}:${attempt}`,
  capture: (orderId: string) => `capture:${orderId}`,
  void: (authorisationId: string) => `void:${authorisationId}`,
  refund: (orderId: string, refundId: string) => `refund:${orderId}:${refundId}`,
} as const;

/** A capture row the provider has answered for (older rows have no status: they were written after it). */
export const isCaptured = (capture: CaptureRecord | undefined): capture is CaptureRecord & { captureId: string; capturedAt: string } =>
  capture !== undefined && capture.status !== 'PENDING';

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
