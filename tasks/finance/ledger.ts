// The finance ledger in the Refunds table: double-entry lines (pk LEDGER#<yyyy-mm-dd>,
// sk <at>#<lineId>), two per entry whose debits equal their credits, and one marker item per entry
// (pk LEDGER-ENTRY#<orderId>, sk CAPTURE or REFUND#<refundId>) written in the same transaction, so
// an entry is booked exactly once however often the step runs.
import type { Money } from '../lib/types.ts';

export type LedgerKind = 'CAPTURE' | 'REFUND';
export type Account = 'cash' | 'sales' | 'refunds';

export interface LedgerLine {
  readonly pk: string;
  readonly sk: string;
  /** Lists ledger lines by time (finance's ledger view) through the byRecordType index. */
  readonly recordType: 'LEDGER_LINE';
  readonly createdAt: string;
  readonly entryId: string;
  readonly orderId: string;
  readonly kind: LedgerKind;
  readonly refundId?: string;
  readonly account: Account;
  readonly direction: 'DEBIT' | 'CREDIT';
  readonly amount: number;
  readonly currency: string;
  readonly at: string;
}

export interface LedgerEntryMarker {
  readonly pk: string;
  readonly sk: string;
  readonly entryId: string;
  readonly orderId: string;
  readonly kind: LedgerKind;
  readonly refundId?: string;
  readonly amount: Money;
  readonly at: string;
}

export const entryMarkerKey = (orderId: string, kind: LedgerKind, refundId?: string) => ({
  pk: `LEDGER-ENTRY#${orderId}`, sk: kind === 'CAPTURE' ? 'CAPTURE' : `REFUND#${refundId}`,
});

/** A capture moves money into cash from sales; a refund moves it out of cash into refunds. */
export function entryLines(marker: LedgerEntryMarker): [LedgerLine, LedgerLine] {
  const [debit, credit]: [Account, Account] = marker.kind === 'CAPTURE' ? ['cash', 'sales'] : ['refunds', 'cash'];
  const line = (account: Account, direction: 'DEBIT' | 'CREDIT', n: number): LedgerLine => ({
    pk: `LEDGER#${marker.at.slice(0, 10)}`,
    sk: `${marker.at}#${marker.entryId}-${n}`,
    recordType: 'LEDGER_LINE', createdAt: marker.at,
    entryId: marker.entryId, orderId: marker.orderId, kind: marker.kind,
    ...(marker.refundId === undefined ? {} : { refundId: marker.refundId }),
    account, direction, amount: marker.amount.amount, currency: marker.amount.currency, at: marker.at,
  });
  return [line(debit, 'DEBIT', 1), line(credit, 'CREDIT', 2)];
}
