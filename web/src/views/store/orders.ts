// My orders: newest first, each with its status.
import { html } from 'lit-html';
import { state, update, type Page } from '../../app.ts';
import { gql } from '../../api/client.ts';
import { myOrders } from '../../api/documents.ts';
import type { Connection, Order } from '../../api/types.ts';
import { describeError } from '../../errors.ts';
import { formatDate, formatMoney } from '../../format.ts';
import { href } from '../../router.ts';
import { loading, notice, statusBadge, type Remote } from '../../ui.ts';
import { orderLabel } from '../timeline.ts';

export function ordersPage(): Page {
  const orders: Remote<Order[]> = { state: 'loading' };
  if (state.session) {
    gql<{ myOrders: Connection<Order> }>(myOrders, { limit: 50 }).then(
      (data) => { orders.state = 'ok'; orders.data = data.myOrders.items; update(); },
      (error) => { orders.state = 'error'; orders.error = describeError(error); update(); },
    );
  }
  return {
    title: 'My orders',
    gated: true,
    view: () => {
      if (!state.session) return html`<h1 tabindex="-1">My orders</h1><p><a href=${href('/signin?next=/orders')}>Sign in</a> to see your orders.</p>`;
      if (orders.state === 'loading') return html`<h1 tabindex="-1">My orders</h1>${loading()}`;
      if (orders.state === 'error') return html`<h1 tabindex="-1">My orders</h1>${notice('error', orders.error)}`;
      const list = orders.data ?? [];
      return html`<h1 tabindex="-1">My orders</h1>
        ${list.length === 0 ? html`<p>No orders yet. <a href=${href('/')}>Start shopping</a>.</p>` : html`
        <ul class="order-list">${list.map((o) => html`<li class="card order-card" data-order-id=${o.id}>
          <a href=${href(`/orders/${encodeURIComponent(o.id)}`)}>Order <span class="order-number">${orderLabel(o)}</span></a>
          ${statusBadge(o.status)}
          <span>${o.items.reduce((n, i) => n + i.quantity, 0)} items · ${formatMoney(o.total)}</span>
          <time class="muted" datetime=${o.createdAt}>${formatDate(o.createdAt)}</time>
        </li>`)}</ul>`}`;
    },
  };
}
