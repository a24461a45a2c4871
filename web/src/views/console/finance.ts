// Finance: refunds awaiting approval with their saga steps, approve or reject with a note (never
// one's own request), and the ledger between two dates with a CSV export.
import { html, nothing } from 'lit-html';
import { state, update, type Page } from '../../app.ts';
import { gql } from '../../api/client.ts';
import { decideRefund, ledger, refunds } from '../../api/documents.ts';
import { REFUND_STATUSES, type Connection, type LedgerLine, type Refund, type RefundStatus } from '../../api/types.ts';
import { describeError } from '../../errors.ts';
import { formatDate, formatMoney, humanStatus } from '../../format.ts';
import { href } from '../../router.ts';
import { formValues, loading, notice, statusBadge } from '../../ui.ts';
import { ledgerCsv } from './ledger-csv.ts';
import { loadCatalogue } from '../store/catalogue-data.ts';

const day = (d: Date) => d.toISOString().slice(0, 10);

export function financePage(): Page {
  let status: RefundStatus = 'AWAITING_APPROVAL';
  let list: Refund[] | undefined;
  let error: string | undefined;
  let info: string | undefined;
  const busy = new Set<string>();
  let names = new Map<string, string>();
  let range = { from: day(new Date(Date.now() - 30 * 86_400_000)), to: day(new Date()) };
  let lines: LedgerLine[] | undefined;
  let ledgerError: string | undefined;

  const loadRefunds = async () => {
    try {
      list = (await gql<{ refunds: Connection<Refund> }>(refunds, { status, limit: 50 })).refunds.items;
    } catch (e) {
      error = describeError(e);
    }
    update();
  };
  const loadLedger = async () => {
    ledgerError = undefined;
    try {
      const to = new Date(`${range.to}T00:00:00.000Z`);
      to.setUTCDate(to.getUTCDate() + 1);
      lines = (await gql<{ ledger: LedgerLine[] }>(ledger, { from: `${range.from}T00:00:00.000Z`, to: to.toISOString() })).ledger;
    } catch (e) {
      ledgerError = describeError(e);
    }
    update();
  };
  const decide = (refund: Refund, approve: boolean) => async (event: Event) => {
    const form = (event.target as HTMLElement).closest('form');
    const note = (form?.querySelector('textarea') as HTMLTextAreaElement | null)?.value.trim() ?? '';
    busy.add(refund.id); error = undefined; info = undefined; update();
    try {
      const decided = (await gql<{ decideRefund: Refund }>(decideRefund, { id: refund.id, approve, note: note || null })).decideRefund;
      info = `Refund ${decided.id} ${approve ? 'approved' : 'rejected'}: ${humanStatus(decided.status)}.`;
      await loadRefunds();
    } catch (e) {
      error = describeError(e);
    }
    busy.delete(refund.id); update();
  };
  const exportCsv = () => {
    const url = URL.createObjectURL(new Blob([ledgerCsv(lines ?? [])], { type: 'text/csv' }));
    const link = Object.assign(document.createElement('a'), { href: url, download: `ledger-${range.from}-to-${range.to}.csv` });
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  void loadRefunds();
  void loadLedger();
  loadCatalogue().then((all) => { names = new Map(all.map((p) => [p.id, p.name])); update(); }, () => undefined);

  const card = (r: Refund) => {
    const own = r.requestedBy === state.session?.userId;
    return html`<li class="card refund-card">
      <h3>${formatMoney(r.amount)} for order <a class="mono" href=${href(`/console/support/order/${encodeURIComponent(r.orderId)}`)}>${r.orderId}</a></h3>
      <p>${statusBadge(r.status)} · ${r.reason} · requested by <span class="mono small">${r.requestedBy}</span> on ${formatDate(r.createdAt)}</p>
      ${r.items?.length ? html`<p>Returned items: ${r.items.map((i) => `${i.quantity} × ${names.get(i.productId) ?? i.productId}`).join(', ')}</p>` : nothing}
      <h4>Saga steps</h4>
      <ol class="steps">${r.steps.map((s) => html`<li>${statusBadge(s.status)} <span class="mono">${s.name}</span> <time class="muted small" datetime=${s.at}>${formatDate(s.at)}</time></li>`)}</ol>
      ${r.decisionNote ? html`<p>Decision note: ${r.decisionNote}</p>` : nothing}
      ${r.status === 'AWAITING_APPROVAL' ? (own
        ? html`<p class="notice notice-info">You requested this refund, so another finance colleague must decide it.</p>`
        : html`<form class="decision" @submit=${(e: Event) => e.preventDefault()}>
            <div class="field"><label for="note-${r.id}">Note</label><textarea id="note-${r.id}" rows="2"></textarea></div>
            <button type="button" class="button" ?disabled=${busy.has(r.id)} @click=${decide(r, true)}>Approve <span class="visually-hidden">refund ${r.id}</span></button>
            <button type="button" class="button button-danger" ?disabled=${busy.has(r.id)} @click=${decide(r, false)}>Reject <span class="visually-hidden">refund ${r.id}</span></button>
          </form>`) : nothing}
    </li>`;
  };

  return {
    title: 'Finance',
    view: () => html`
      <h1 tabindex="-1">Finance</h1>
      <section aria-labelledby="refunds-h">
        <h2 id="refunds-h">Refunds</h2>
        <div class="field field-inline"><label for="refund-status">Status</label>
          <select id="refund-status" @change=${(e: Event) => { status = (e.target as HTMLSelectElement).value as RefundStatus; list = undefined; update(); void loadRefunds(); }}>
            ${REFUND_STATUSES.map((s) => html`<option value=${s} ?selected=${s === status}>${humanStatus(s)}</option>`)}
          </select></div>
        ${notice('success', info)}${notice('error', error)}
        ${!list ? loading() : list.length === 0 ? html`<p>No refunds ${humanStatus(status).toLowerCase()}.</p>` : html`<ul class="plain">${list.map(card)}</ul>`}
      </section>
      <section aria-labelledby="ledger-h" class="card">
        <h2 id="ledger-h">Ledger</h2>
        <form class="inline-form" @submit=${(e: Event) => { const v = formValues(e); range = { from: v.from ?? range.from, to: v.to ?? range.to }; void loadLedger(); }}>
          <div class="field"><label for="ledger-from">From</label><input id="ledger-from" name="from" type="date" .value=${range.from} required></div>
          <div class="field"><label for="ledger-to">To</label><input id="ledger-to" name="to" type="date" .value=${range.to} required></div>
          <button class="button button-secondary" type="submit">Show</button>
          <button class="button" type="button" ?disabled=${!lines?.length} @click=${exportCsv}>Export CSV</button>
        </form>
        ${notice('error', ledgerError)}
        ${!lines ? (ledgerError ? nothing : loading()) : html`<div class="table-wrap" tabindex="0" role="region" aria-label="Ledger lines"><table class="table">
          <caption>${lines.length} ledger lines</caption>
          <thead><tr><th scope="col">Time</th><th scope="col">Account</th><th scope="col">Order</th><th scope="col">Debit</th><th scope="col">Credit</th><th scope="col">Memo</th></tr></thead>
          <tbody>${lines.map((l) => html`<tr><td><time datetime=${l.at}>${formatDate(l.at)}</time></td><td class="mono">${l.account}</td>
            <td class="mono small">${l.orderId}</td><td class="num">${l.debit ? formatMoney({ amount: l.debit, currency: l.currency }) : ''}</td>
            <td class="num">${l.credit ? formatMoney({ amount: l.credit, currency: l.currency }) : ''}</td><td>${l.memo ?? ''}</td></tr>`)}</tbody>
        </table></div>`}
      </section>`,
  };
}
