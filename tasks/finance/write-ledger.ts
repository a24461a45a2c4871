// WriteLedger: books a capture or a refund in the ledger, taking the amount from the Payments table
// (the record of what the provider actually moved), exactly once per capture and per refund.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { makeTask } from '../lib/task.ts';
import { documentClient } from '../lib/clients.ts';
import { InvalidState, ValidationError } from '../lib/errors.ts';
import { requireString } from '../lib/input.ts';
import { nowIso } from '../lib/types.ts';
import type { Money } from '../lib/types.ts';
import { tableName } from '../../infra/tables.ts';
import { loadPayment, refundOperation } from '../payment/payments.ts';
import type { CaptureRecord, RefundPaymentRecord } from '../payment/payments.ts';
import { entryLines, entryMarkerKey } from './ledger.ts';
import type { LedgerEntryMarker, LedgerKind } from './ledger.ts';
import { changeRefund, loadRefund, step } from './refunds.ts';

export interface WriteLedgerInput {
  readonly orderId: string;
  readonly kind: LedgerKind;
  /** For a refund: its id (a Refund saga's, or COMPENSATION for a saga's own refund). */
  readonly refundId?: string | null;
}

export interface WriteLedgerResult {
  readonly orderId: string;
  readonly kind: LedgerKind;
  /** False when there was nothing to book (a compensation that found nothing to refund). */
  readonly booked: boolean;
  readonly entryId?: string;
  readonly amount?: Money;
  readonly at: string;
}

async function amountToBook(orderId: string, kind: LedgerKind, refundId: string | undefined): Promise<Money | undefined> {
  if (kind === 'CAPTURE') {
    const capture = await loadPayment<CaptureRecord>(orderId, 'CAPTURE');
    if (capture === undefined) throw new InvalidState(`order ${orderId} has no capture to book`);
    return capture.amount;
  }
  const refund = await loadPayment<RefundPaymentRecord>(orderId, refundOperation(refundId!));
  return refund?.status === 'REFUNDED' ? refund.amount : undefined;
}

export async function writeLedger(input: WriteLedgerInput): Promise<WriteLedgerResult> {
  const orderId = requireString(input.orderId, 'orderId');
  if (input.kind !== 'CAPTURE' && input.kind !== 'REFUND') throw new ValidationError('kind must be CAPTURE or REFUND');
  const refundId = input.kind === 'REFUND' ? requireString(input.refundId, 'refundId') : undefined;
  const table = tableName('Refunds');
  const markerKey = entryMarkerKey(orderId, input.kind, refundId);
  const { Item } = await documentClient().send(new GetCommand({ TableName: table, Key: markerKey, ConsistentRead: true }));
  let marker = Item as LedgerEntryMarker | undefined;
  if (marker === undefined) {
    const amount = await amountToBook(orderId, input.kind, refundId);
    if (amount === undefined) return { orderId, kind: input.kind, booked: false, at: nowIso() };
    marker = { ...markerKey, entryId: ulid(), orderId, kind: input.kind, ...(refundId === undefined ? {} : { refundId }), amount, at: nowIso() };
    const [debit, credit] = entryLines(marker);
    try {
      await documentClient().send(new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table, Item: marker, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: table, Item: debit } },
          { Put: { TableName: table, Item: credit } },
        ],
      }));
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const { Item: winner } = await documentClient().send(new GetCommand({ TableName: table, Key: markerKey, ConsistentRead: true }));
      if (winner === undefined) throw error;
      marker = winner as LedgerEntryMarker;
    }
  }
  if (refundId !== undefined && (await loadRefund(refundId)) !== undefined) {
    await changeRefund({ refundId, steps: [step('WriteLedger', 'SUCCEEDED', { entryId: marker.entryId })] });
  }
  return { orderId, kind: input.kind, booked: true, entryId: marker.entryId, amount: marker.amount, at: marker.at };
}

export const handler = makeTask<WriteLedgerInput, WriteLedgerResult>({
  name: 'WriteLedger',
  fenced: true,
  idempotencyKey: '[orderId, kind, refundId]',
  run: writeLedger,
});
