// The ledger as CSV (RFC 4180: CRLF lines, fields with commas, quotes or newlines quoted).
import type { LedgerLine } from '../../api/types.ts';

const HEADER = ['id', 'at', 'orderId', 'refundId', 'account', 'debit', 'credit', 'currency', 'memo'] as const;

function field(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Amounts stay in minor units, as posted, so the export sums exactly. */
export function ledgerCsv(lines: LedgerLine[]): string {
  return [HEADER.join(','), ...lines.map((l) => HEADER.map((k) => field(l[k])).join(','))].join('\r\n') + '\r\n';
}
