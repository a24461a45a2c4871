// The ledger as CSV (RFC 4180: CRLF lines, fields with commas, quotes or newlines quoted), with
// amounts formatted as money (12.50, two decimals, no symbol so spreadsheets sum them), then
// totals per day and per account, and the grand total.
import type { LedgerLine } from '../../api/types.ts';

const HEADER = ['date', 'time', 'account', 'orderId', 'refundId', 'debit', 'credit', 'currency', 'memo'] as const;

function field(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Minor units as a decimal amount: 52000 → "520.00". */
export function decimal(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export interface Total { key: string; debit: number; credit: number; currency: string }

function sum(lines: LedgerLine[], keyOf: (l: LedgerLine) => string): Total[] {
  const totals = new Map<string, Total>();
  for (const l of lines) {
    const key = keyOf(l);
    const t = totals.get(key) ?? { key, debit: 0, credit: 0, currency: l.currency };
    t.debit += l.debit;
    t.credit += l.credit;
    totals.set(key, t);
  }
  return [...totals.values()].sort((a, b) => a.key.localeCompare(b.key));
}

export function ledgerTotals(lines: LedgerLine[]): { byDay: Total[]; byAccount: Total[]; total: Total } {
  const total = { key: 'total', debit: 0, credit: 0, currency: lines[0]?.currency ?? 'USD' };
  for (const l of lines) { total.debit += l.debit; total.credit += l.credit; }
  return { byDay: sum(lines, (l) => l.at.slice(0, 10)), byAccount: sum(lines, (l) => l.account), total };
}

export function ledgerCsv(lines: LedgerLine[]): string {
  const rows = [HEADER.join(',')];
  for (const l of lines) {
    rows.push([l.at.slice(0, 10), l.at.slice(11, 19), l.account, l.orderId, l.refundId ?? '', decimal(l.debit), decimal(l.credit), l.currency, l.memo ?? ''].map(field).join(','));
  }
  const { byDay, byAccount, total } = ledgerTotals(lines);
  rows.push('');
  for (const t of byDay) rows.push(['total for day', t.key, '', '', '', decimal(t.debit), decimal(t.credit), t.currency, ''].map(field).join(','));
  for (const t of byAccount) rows.push(['total for account', '', t.key, '', '', decimal(t.debit), decimal(t.credit), t.currency, ''].map(field).join(','));
  rows.push(['total', '', '', '', '', decimal(total.debit), decimal(total.credit), total.currency, ''].map(field).join(','));
  return rows.join('\r\n') + '\r\n';
}
