// An order's status history as an ordered list, shared by the shop and the support console.
import { html, nothing } from 'lit-html';
import type { Order, Refund } from '../api/types.ts';
import { addressLines } from '../address.ts';
import { carrierInfo } from '../carriers.ts';
import { formatDate, formatMoney } from '../format.ts';
import { statusBadge } from '../ui.ts';

export function history(order: Order) {
  return html`<ol class="timeline">${order.history.map((change) => html`<li>
    ${statusBadge(change.status)} <time datetime=${change.at}>${formatDate(change.at)}</time>
    ${change.note ? html`<span class="muted">${historyNote(change.note)}</span>` : nothing}</li>`)}</ol>`;
}

// The saga writes some notes for machines (the refund note doubles as its idempotency mark):
// "refund <id>: 1595 USD" reads as "Refund of $15.95".
export function historyNote(note: string): string {
  const refund = /^refund \S+: (\d+) ([A-Z]{3})$/.exec(note);
  if (refund) return `Refund of ${formatMoney({ amount: Number(refund[1]), currency: refund[2]! })}`;
  return note;
}

/** The number people read out (BS-10042); orders from before numbering show their id's tail. */
export function orderLabel(order: Pick<Order, 'id' | 'orderNumber'>): string {
  return order.orderNumber ?? `…${order.id.slice(-8)}`;
}

export function orderItems(order: Order) {
  return html`<table class="table">
    <caption class="visually-hidden">Items</caption>
    <thead><tr><th scope="col">Item</th><th scope="col">Qty</th><th scope="col">Price</th></tr></thead>
    <tbody>${order.items.map((i) => html`<tr><td>${i.name}</td><td>${i.quantity}</td><td>${formatMoney(i.unitPrice)}</td></tr>`)}</tbody>
    <tfoot>
      <tr><th scope="row" colspan="2">Delivery</th><td>${formatMoney(order.deliveryPrice)}</td></tr>
      <tr><th scope="row" colspan="2">Total</th><td><strong>${formatMoney(order.total)}</strong></td></tr>
    </tfoot>
  </table>`;
}

export function address(order: Order) {
  const lines = addressLines(order.deliveryAddress);
  return html`<address>${lines.map((line, i) => html`${i ? html`<br>` : nothing}${line}`)}</address>`;
}

export function refundSummary(refund: Refund) {
  return html`<li class="refund">
    <p>${statusBadge(refund.status)} <strong>${formatMoney(refund.amount)}</strong> · ${refund.reason}
      <span class="muted">requested ${formatDate(refund.createdAt)}</span></p>
    ${refund.decisionNote ? html`<p class="muted">Note: ${refund.decisionNote}</p>` : nothing}
  </li>`;
}

/** The tracking number with a link to the carrier's tracking page. */
export function tracking(order: Order) {
  const shipment = order.shipment;
  const number = shipment?.trackingNumber ?? order.trackingNumber;
  if (!number) return nothing;
  const carrier = carrierInfo(shipment?.carrier ?? 'SANDBOX');
  return html`<p class="tracking">Tracking number: <span class="mono">${number}</span> ·
    <a href=${carrier.trackingUrl(number)} target="_blank" rel="noopener noreferrer">Track with ${carrier.name}<span class="visually-hidden"> (opens in a new tab)</span></a></p>`;
}
