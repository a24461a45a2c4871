// Orders as a table for staff: number, status, customer, total, refunds and when placed.
import { html, nothing } from 'lit-html';
import type { Order } from '../../api/types.ts';
import { formatDate, formatMoney } from '../../format.ts';
import { href } from '../../router.ts';
import { statusBadge } from '../../ui.ts';
import { orderLabel } from '../timeline.ts';

export function orderTable(orders: Order[], caption: string, showRefunds = false) {
  return html`<div class="table-wrap" tabindex="0" role="region" aria-label=${caption}><table class="table">
    <caption>${caption}: ${orders.length}</caption>
    <thead><tr><th scope="col">Order</th><th scope="col">Status</th><th scope="col">Customer</th><th scope="col" class="num">Total</th>
      ${showRefunds ? html`<th scope="col">Refunds</th>` : nothing}<th scope="col">Placed</th></tr></thead>
    <tbody>${orders.map((o) => html`<tr data-order-id=${o.id}>
      <td><a class="order-number" href=${href(`/console/orders/${encodeURIComponent(o.id)}`)}>${orderLabel(o)}</a></td>
      <td>${statusBadge(o.status)}</td>
      <td>${o.deliveryAddress.name}${o.customerEmail ? html`<div class="muted small">${o.customerEmail}</div>` : nothing}</td>
      <td class="num">${formatMoney(o.total)}</td>
      ${showRefunds ? html`<td>${o.refunds.length ? o.refunds.map((r) => html`<div>${statusBadge(r.status)} ${formatMoney(r.amount)}</div>`) : html`<span class="muted">None</span>`}</td>` : nothing}
      <td><time datetime=${o.createdAt}>${formatDate(o.createdAt)}</time></td></tr>`)}</tbody></table></div>`;
}
