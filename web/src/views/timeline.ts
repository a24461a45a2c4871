// An order's status history as an ordered list, shared by the shop and the support console.
import { html, nothing } from 'lit-html';
import type { Order, Refund } from '../api/types.ts';
import { formatDate, formatMoney } from '../format.ts';
import { statusBadge } from '../ui.ts';

export function history(order: Order) {
  return html`<ol class="timeline">${order.history.map((change) => html`<li>
    ${statusBadge(change.status)} <time datetime=${change.at}>${formatDate(change.at)}</time>
    ${change.note ? html`<span class="muted">${change.note}</span>` : nothing}</li>`)}</ol>`;
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
  const a = order.deliveryAddress;
  return html`<address>${a.name}<br>${a.line1}${a.line2 ? html`<br>${a.line2}` : nothing}<br>${a.postalCode} ${a.city}<br>${a.country}</address>`;
}

export function refundSummary(refund: Refund) {
  return html`<li class="refund">
    <p>${statusBadge(refund.status)} <strong>${formatMoney(refund.amount)}</strong> · ${refund.reason}
      <span class="muted">requested ${formatDate(refund.createdAt)}</span></p>
    ${refund.decisionNote ? html`<p class="muted">Note: ${refund.decisionNote}</p>` : nothing}
  </li>`;
}
