// CheckRefund: the Refund saga's first step. Records the refund (REQUESTED) if the resolver has not,
// then checks it against the order: the order must be shipped, the amount at most what was captured
// minus earlier refunds, returned items at most what was bought minus earlier returns. Decides
// whether finance must approve (amount at or above the threshold: REFUND_APPROVAL_THRESHOLD, else
// 50000 minor units). The threshold is configuration only: whoever may start a Refund must not be
// able to choose it, so fields other than the refund's own in the input are ignored.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { makeTask } from '../lib/task.ts';
import { documentClient } from '../lib/clients.ts';
import { IdempotencyConflict, InvalidState, ValidationError } from '../lib/errors.ts';
import { requireInteger, requireObject, requireString } from '../lib/input.ts';
import { loadOrder } from '../lib/order-guard.ts';
import { nowIso } from '../lib/types.ts';
import type { Money, OrderStatus, RefundRecord, StockLine } from '../lib/types.ts';
import { tableName } from '../../infra/tables.ts';
import { loadPayment } from '../payment/payments.ts';
import type { CaptureRecord } from '../payment/payments.ts';
import { changeRefund, loadRefund, refundKey, step } from './refunds.ts';

export interface RefundInput {
  readonly refundId: string;
  readonly orderId: string;
  readonly amount: Money;
  readonly reason: string;
  readonly requestedBy: string;
  readonly items?: readonly StockLine[] | null;
}

export interface CheckRefundResult {
  readonly refundId: string;
  readonly orderId: string;
  readonly amount: Money;
  readonly items: readonly StockLine[];
  readonly needsApproval: boolean;
  readonly threshold: number;
}

export const defaultApprovalThreshold = 50_000;
const refundableStatuses: readonly OrderStatus[] = ['SHIPPED', 'DELIVERED', 'PARTIALLY_REFUNDED'];

export function approvalThreshold(env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number(env.REFUND_APPROVAL_THRESHOLD);
  return env.REFUND_APPROVAL_THRESHOLD !== undefined && Number.isInteger(configured) && configured >= 0 ? configured : defaultApprovalThreshold;
}

async function ensureRecord(input: RefundInput, amount: Money, items: StockLine[]): Promise<void> {
  const at = nowIso();
  const record: RefundRecord = {
    ...refundKey(input.refundId), recordType: 'REFUND', id: input.refundId, orderId: input.orderId, amount, reason: input.reason,
    status: 'REQUESTED', requestedBy: input.requestedBy, items, steps: [], createdAt: at, updatedAt: at,
  };
  try {
    await documentClient().send(new PutCommand({ TableName: tableName('Refunds'), Item: record, ConditionExpression: 'attribute_not_exists(pk)' }));
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const existing = await loadRefund(input.refundId);
    if (existing?.orderId !== input.orderId || existing.amount.amount !== amount.amount || existing.amount.currency !== amount.currency) {
      throw new IdempotencyConflict(`refund ${input.refundId} was requested for a different order or amount`);
    }
  }
}

async function otherRefunds(orderId: string, refundId: string): Promise<RefundRecord[]> {
  const { Items } = await documentClient().send(new QueryCommand({
    TableName: tableName('Refunds'), IndexName: 'byOrder',
    KeyConditionExpression: 'orderId = :o', ExpressionAttributeValues: { ':o': orderId },
  }));
  return ((Items ?? []) as RefundRecord[]).filter((r) => r.id !== refundId && r.status !== 'REJECTED' && r.status !== 'FAILED');
}

function readItems(items: RefundInput['items']): StockLine[] {
  if (items === undefined || items === null) return [];
  if (!Array.isArray(items)) throw new ValidationError('items must be a list');
  const seen = new Set<string>();
  return items.map((raw, i) => {
    const line = requireObject(raw, `items[${i}]`);
    const productId = requireString(line.productId, `items[${i}].productId`);
    if (seen.has(productId)) throw new ValidationError(`product ${productId} is returned on two lines`);
    seen.add(productId);
    return { productId, quantity: requireInteger(line.quantity, `items[${i}].quantity`, 1, 100) };
  });
}

export async function checkRefund(input: RefundInput): Promise<CheckRefundResult> {
  const refundId = requireString(input.refundId, 'refundId');
  const orderId = requireString(input.orderId, 'orderId');
  requireString(input.reason, 'reason');
  requireString(input.requestedBy, 'requestedBy');
  const money = requireObject(input.amount, 'amount');
  const amount: Money = { amount: requireInteger(money.amount, 'amount.amount', 1, Number.MAX_SAFE_INTEGER), currency: requireString(money.currency, 'amount.currency') };
  const items = readItems(input.items);
  await ensureRecord({ ...input, refundId, orderId }, amount, items);

  const order = await loadOrder(orderId);
  if (!refundableStatuses.includes(order.status)) throw new InvalidState(`order ${orderId} is ${order.status}; refunds start once it has shipped`);
  const capture = await loadPayment<CaptureRecord>(orderId, 'CAPTURE');
  if (capture === undefined) throw new InvalidState(`order ${orderId} was never captured`);
  if (amount.currency !== capture.amount.currency) throw new ValidationError(`order ${orderId} was paid in ${capture.amount.currency}`);
  if (amount.amount > capture.refundable) {
    throw new ValidationError(`order ${orderId} has ${capture.refundable} ${capture.amount.currency} left to refund, less than ${amount.amount}`);
  }
  const others = await otherRefunds(orderId, refundId);
  for (const line of items) {
    const bought = order.items.find((i) => i.productId === line.productId)?.quantity ?? 0;
    const returned = others.flatMap((r) => r.items ?? []).filter((l) => l.productId === line.productId).reduce((s, l) => s + l.quantity, 0);
    if (line.quantity + returned > bought) {
      throw new ValidationError(`order ${orderId} bought ${bought} of ${line.productId} and ${returned} came back already; ${line.quantity} more cannot`);
    }
  }

  const threshold = approvalThreshold();
  const needsApproval = amount.amount >= threshold;
  await changeRefund({
    refundId,
    to: needsApproval ? 'AWAITING_APPROVAL' : 'APPROVED',
    from: ['REQUESTED'],
    steps: [step('CheckRefund', 'SUCCEEDED', { needsApproval, threshold })],
  });
  return { refundId, orderId, amount, items, needsApproval, threshold };
}

export const handler = makeTask<RefundInput, CheckRefundResult>({
  name: 'CheckRefund',
  fenced: true,
  idempotencyKey: 'refundId',
  run: checkRefund,
});
