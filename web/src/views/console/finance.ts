// Finance: refunds awaiting approval, each with its order beside it (items, total, what was
// captured and already refunded) and who asked for it; approve or reject with a note the shopper
// will read (never one's own request). A decided refund leaves the list at once. Below, the ledger
// between two dates with totals per day and per account, and a CSV export of the same.
import { html, nothing } from 'lit-html';
import { state, update, type Page } from '../../app.ts';
import { gql } from '../../api/client.ts';
import { decideRefund, ledger, refunds } from '../../api/documents.ts';
import { REFUND_STATUSES, type Connection, type LedgerLine, type Refund, type RefundStatus } from '../../api/types.ts';
import { describeError } from '../../errors.ts';
import { focusAfterRender } from '../../fields.ts';
import { formatDate, formatMoney, humanStatus } from '../../format.ts';
import { href } from '../../router.ts';
import { toast } from '../../toast.ts';
import { formValues, loading, notice, statusBadge } from '../../ui.ts';
import { orderLabel } from '../timeline.ts';
import { ledgerCsv, ledgerTotals } from './ledger-csv.ts';
import { SettledIds } from './settled.ts';
import { loadCatalogue } from '../store/catalogue-data.ts';

const day = (d: Date) => d.toISOString().slice(0, 10);

export function financePage(): Page {
  let status: RefundStatus = 'AWAITING_APPROVAL';
  let list: Refund[] | undefined;
  let error: string | undefined;
  const cardErrors = new Map<string, string>();
  const busy = new Set<string>();
  const settled = new SettledIds();
  let names = new Map<string, string>();
  let range = { from: day(new Date(Date.now() - 30 * 86_400_000)), to: day(new Date()) };
  let lines: LedgerLine[] | undefined;
  let ledgerError: string | undefined;

  const loadRefunds = async () => {
    try {
      const items = (await gql<{ refunds: Connection<Refund> }>(refunds, { status, limit: 50 })).refunds.items;
      list = items.filter((r) => !(status === 'AWAITING_APPROVAL' && settled.has(r.id)));
      error = undefined;
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
  const decide = (refund: Refund, approve: boolean) => async () => {
    const note = (document.getElementById(`note-${refund.id}`) as HTMLTextAreaElement | null)?.value.trim() ?? '';
    busy.add(refund.id); cardErrors.delete(refund.id); update();
    try {
      const decided = (await gql<{ decideRefund: Refund }>(decideRefund, { id: refund.id, approve, note: note || null })).decideRefund;
      const label = refund.order ? `order ${orderLabel(refund.order)}` : 'the order';
      toast(`Refund of ${formatMoney(decided.amount)} for ${label} ${approve ? 'approved' : 'rejected'}.`);
      settled.add(refund.id);
      list = list?.filter((r) => r.id !== refund.id);
    } catch (e) {
      cardErrors.set(refund.id, describeError(e));
      focusAfterRender(`refund-error-${refund.id}`);
      void loadRefunds();
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
  const timer = setInterval(() => { void loadRefunds(); }, 20_000);

  const orderContext = (r: Refund) => {
    const o = r.order;
    if (!o) return html`<p class="muted">Order <span class="mono">${r.orderId}</span></p>`;
    const earlier = o.refunds.filter((x) => x.id !== r.id && ['APPROVED', 'REFUNDED'].includes(x.status));
    return html`<div class="columns">
      <div><h4>Order items</h4><ul>${o.items.map((i) => html`<li>${i.quantity} × ${i.name} · ${formatMoney({ amount: i.unitPrice.amount * i.quantity, currency: i.unitPrice.currency })}</li>`)}</ul></div>
      <dl class="money-facts" aria-label="Order money">
        <dt>Order total</dt><dd>${formatMoney(o.total)}</dd>
        <dt>Captured</dt><dd>${o.payment?.captured ? formatMoney(o.payment.captured) : 'Nothing yet'}</dd>
        <dt>Already refunded</dt><dd>${formatMoney({ amount: earlier.reduce((s, x) => s + x.amount.amount, 0), currency: o.total.currency })}</dd>
        <dt>Still refundable</dt><dd>${o.payment?.refundable ? formatMoney(o.payment.refundable) : '—'}</dd>
      </dl></div>`;
  };

  const card = (r: Refund) => {
    const own = r.requestedBy === state.session?.userId;
    const requester = r.requesterName || r.requesterEmail
      ? html`${r.requesterName ?? ''}${r.requesterEmail ? html` <a href="mailto:${r.requesterEmail}">${r.requesterEmail}</a>` : nothing}`
      : html`an account without an email on file`;
    const noteId = `note-${r.id}`;
    return html`<li class="card refund-card" data-refund-id=${r.id} data-order-id=${r.orderId}>
      <h3>${formatMoney(r.amount)} for order <a class="order-number" href=${href(`/console/orders/${encodeURIComponent(r.orderId)}`)}>${r.order ? orderLabel(r.order) : r.orderId}</a></h3>
      <p>${statusBadge(r.status)} · “${r.reason}” · requested by ${requester} on ${formatDate(r.createdAt)}</p>
      ${orderContext(r)}
      ${r.items?.length ? html`<p>Coming back: ${r.items.map((i) => `${i.quantity} × ${names.get(i.productId) ?? r.order?.items.find((x) => x.productId === i.productId)?.name ?? i.productId}`).join(', ')}</p>` : html`<p class="muted">No goods coming back.</p>`}
      <details><summary>Saga steps</summary>
        <ol class="steps">${r.steps.map((s) => html`<li>${statusBadge(s.status)} ${s.name} <time class="muted small" datetime=${s.at}>${formatDate(s.at)}</time></li>`)}</ol></details>
      ${r.decisionNote ? html`<p>Note to the shopper: ${r.decisionNote}</p>` : nothing}
      ${r.status === 'AWAITING_APPROVAL' ? (own
        ? html`<p class="notice notice-info">You requested this refund, so another finance colleague must decide it.</p>`
        : html`<form class="decision" @submit=${(e: Event) => e.preventDefault()}>
            <div class="field"><label for=${noteId}>Note to the shopper</label>
              <textarea id=${noteId} rows="2" maxlength="500" aria-describedby="${noteId}-hint"></textarea>
              <p class="hint" id="${noteId}-hint">The shopper sees this note with the refund on their order. Optional, up to 500 characters.</p></div>
            <button type="button" class="button" ?disabled=${busy.has(r.id)} @click=${decide(r, true)}>Approve <span class="visually-hidden">refund for order ${r.order ? orderLabel(r.order) : r.orderId}</span></button>
            <button type="button" class="button button-danger" ?disabled=${busy.has(r.id)} @click=${decide(r, false)}>Reject <span class="visually-hidden">refund for order ${r.order ? orderLabel(r.order) : r.orderId}</span></button>
          </form>`) : nothing}
      <div id="refund-error-${r.id}" tabindex="-1">${notice('error', cardErrors.get(r.id))}</div>
    </li>`;
  };

  const totalsTable = () => {
    if (!lines?.length) return nothing;
    const { byDay, byAccount, total } = ledgerTotals(lines);
    const m = (amount: number, currency: string) => formatMoney({ amount, currency });
    return html`<div class="columns">
      <div class="table-wrap" tabindex="0" role="region" aria-label="Totals per day"><table class="table">
        <caption>Totals per day</caption>
        <thead><tr><th scope="col">Day</th><th scope="col" class="num">Debit</th><th scope="col" class="num">Credit</th></tr></thead>
        <tbody>${byDay.map((t) => html`<tr><td>${t.key}</td><td class="num">${m(t.debit, t.currency)}</td><td class="num">${m(t.credit, t.currency)}</td></tr>`)}</tbody>
        <tfoot><tr><th scope="row">Total</th><td class="num">${m(total.debit, total.currency)}</td><td class="num">${m(total.credit, total.currency)}</td></tr></tfoot>
      </table></div>
      <div class="table-wrap" tabindex="0" role="region" aria-label="Totals per account"><table class="table">
        <caption>Totals per account</caption>
        <thead><tr><th scope="col">Account</th><th scope="col" class="num">Debit</th><th scope="col" class="num">Credit</th><th scope="col" class="num">Balance</th></tr></thead>
        <tbody>${byAccount.map((t) => html`<tr><td>${humanStatus(t.key)}</td><td class="num">${m(t.debit, t.currency)}</td><td class="num">${m(t.credit, t.currency)}</td><td class="num">${m(t.debit - t.credit, t.currency)}</td></tr>`)}</tbody>
      </table></div></div>`;
  };

  return {
    title: 'Finance',
    leave: () => clearInterval(timer),
    view: () => html`
      <h1 tabindex="-1">Finance</h1>
      <section aria-labelledby="refunds-h">
        <h2 id="refunds-h">Refunds</h2>
        <div class="field field-inline"><label for="refund-status">Status</label>
          <select id="refund-status" @change=${(e: Event) => { status = (e.target as HTMLSelectElement).value as RefundStatus; list = undefined; update(); void loadRefunds(); }}>
            ${REFUND_STATUSES.map((s) => html`<option value=${s} ?selected=${s === status}>${humanStatus(s)}</option>`)}
          </select></div>
        ${notice('error', error)}
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
        ${totalsTable()}
        ${!lines ? (ledgerError ? nothing : loading()) : html`<div class="table-wrap" tabindex="0" role="region" aria-label="Ledger lines"><table class="table">
          <caption>${lines.length} ledger lines</caption>
          <thead><tr><th scope="col">Time</th><th scope="col">Account</th><th scope="col">Order</th><th scope="col" class="num">Debit</th><th scope="col" class="num">Credit</th><th scope="col">Memo</th></tr></thead>
          <tbody>${lines.map((l) => html`<tr><td><time datetime=${l.at}>${formatDate(l.at)}</time></td><td>${humanStatus(l.account)}</td>
            <td class="mono small">${l.orderId}</td><td class="num">${l.debit ? formatMoney({ amount: l.debit, currency: l.currency }) : ''}</td>
            <td class="num">${l.credit ? formatMoney({ amount: l.credit, currency: l.currency }) : ''}</td><td>${l.memo ?? ''}</td></tr>`)}</tbody>
        </table></div>`}
      </section>`,
  };
}
