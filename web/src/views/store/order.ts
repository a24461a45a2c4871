// One of my orders, live: the onOrderUpdated subscription moves its status as the saga runs.
// Cancel until SHIPPED; after SHIPPED, request a refund naming the returned items.
import { html, nothing } from 'lit-html';
import { state, update, type Page } from '../../app.ts';
import { gql, onConnectionState, subscribe } from '../../api/client.ts';
import { cancelOrder, getOrder, onOrderUpdated, requestRefund } from '../../api/documents.ts';
import type { Order, OrderStatus, Refund } from '../../api/types.ts';
import { describeError } from '../../errors.ts';
import { formatMoney, humanStatus, parseAmount } from '../../format.ts';
import { href } from '../../router.ts';
import { formValues, loading, notice, statusBadge, type Remote } from '../../ui.ts';
import { describedBy, fieldError, focusAfterRender, focusFirstError, invalid, type FieldErrors } from '../../fields.ts';
import { address, history, orderItems, orderLabel, refundSummary, tracking } from '../timeline.ts';

const CANCELLABLE: OrderStatus[] = ['PLACED', 'PACKING', 'PACKED'];
const REFUNDABLE: OrderStatus[] = ['SHIPPED', 'DELIVERED', 'PARTIALLY_REFUNDED'];

function refunded(order: Order): number {
  return order.refunds.filter((r) => !['REJECTED', 'FAILED'].includes(r.status)).reduce((s, r) => s + r.amount.amount, 0);
}

export function orderPage(id: string): Page {
  const order: Remote<Order | null> = { state: 'loading' };
  let error: string | undefined;
  let info: string | undefined;
  let live: 'connecting' | 'live' | 'offline' = 'connecting';
  let busy = false;
  // The refund form's own errors, shown inside the form (not at the top of a long page).
  let refundError: string | undefined;
  const refundFields: FieldErrors = {};
  const stops: (() => void)[] = [];

  const load = () => gql<{ order: Order | null }>(getOrder, { id }).then(
    (data) => { order.state = 'ok'; order.data = data.order; update(); },
    (e) => { order.state = 'error'; order.error = describeError(e); update(); },
  );

  if (state.session) {
    stops.push(onConnectionState((connected) => { live = connected ? 'live' : 'connecting'; update(); }));
    stops.push(subscribe<{ onOrderUpdated: Pick<Order, 'id' | 'status'> | null }>(onOrderUpdated, { id }, (data) => {
      const next = data.onOrderUpdated;
      if (!next || next.id !== id) return;
      if (order.data) order.data = { ...order.data, status: next.status };
      info = `Status updated: ${humanStatus(next.status)}`;
      live = 'live';
      update();
      void load();
    }, () => { live = 'offline'; update(); }));
    void load();
  }

  const cancel = async () => {
    if (!confirm('Cancel this order? Your payment will be released.')) return;
    busy = true; error = undefined; update();
    try {
      order.data = (await gql<{ cancelOrder: Order }>(cancelOrder, { id })).cancelOrder;
      info = 'Your order is being cancelled. Any payment is voided or refunded.';
    } catch (e) {
      error = describeError(e);
    }
    busy = false; update();
  };

  // The amount follows the returned items (at the prices paid), capped at what is left to refund.
  const suggestAmount = (o: Order, left: number) => (event: Event) => {
    const form = (event.currentTarget as HTMLElement).closest('form');
    if (!form) return;
    const returned = o.items.reduce((sum, i) => {
      const input = form.querySelector<HTMLInputElement>(`#return-${CSS.escape(i.productId)}`);
      return sum + Math.max(0, Math.min(i.quantity, Number(input?.value ?? 0))) * i.unitPrice.amount;
    }, 0);
    const amount = form.querySelector<HTMLInputElement>('#amount');
    if (amount) amount.value = ((returned > 0 ? Math.min(returned, left) : left) / 100).toFixed(2);
  };

  const refund = (o: Order) => async (event: Event) => {
    const v = formValues(event);
    const items = o.items.map((i) => ({ productId: i.productId, quantity: Number(v[`return-${i.productId}`] ?? 0) })).filter((i) => i.quantity > 0);
    const amount = parseAmount(v.amount ?? '');
    const left = o.total.amount - refunded(o);
    refundFields.amount = amount === undefined || amount <= 0 ? 'Enter the amount to refund, for example 25.00.'
      : amount > left ? `At most ${formatMoney({ amount: left, currency: o.total.currency })} can be refunded.` : undefined;
    refundFields.reason = v.reason ? undefined : 'Tell us why, for example "arrived damaged".';
    refundError = undefined;
    if (refundFields.amount || refundFields.reason) { update(); focusFirstError(refundFields); return; }
    busy = true; update();
    try {
      const input = { orderId: o.id, amount: { amount, currency: o.total.currency }, reason: v.reason, idempotencyKey: crypto.randomUUID(), ...(items.length ? { items } : {}) };
      const created = (await gql<{ requestRefund: Refund }>(requestRefund, { input })).requestRefund;
      info = `Refund of ${formatMoney(created.amount)} requested: ${humanStatus(created.status)}.`;
      await load();
    } catch (e) {
      refundError = describeError(e);
      focusAfterRender('refund-error');
    }
    busy = false; update();
  };

  return {
    title: 'Order',
    gated: true,
    leave: () => stops.forEach((stop) => stop()),
    view: () => {
      if (!state.session) return html`<h1 tabindex="-1">Order</h1><p><a href=${href(`/signin?next=/orders/${id}`)}>Sign in</a> to see this order.</p>`;
      if (order.state === 'loading') return loading('Loading your order');
      if (order.state === 'error') return html`<h1 tabindex="-1">Order</h1>${notice('error', order.error)}`;
      const o = order.data;
      if (!o) return html`<h1 tabindex="-1">Order not found</h1><p><a href=${href('/orders')}>Back to my orders</a></p>`;
      const left = o.total.amount - refunded(o);
      return html`
        <p class="breadcrumb"><a href=${href('/orders')}>My orders</a> › ${orderLabel(o)}</p>
        <h1 tabindex="-1" data-order-id=${o.id}>Order <span class="order-number">${orderLabel(o)}</span></h1>
        <p class="order-status">Status: <span data-testid="order-status" aria-live="polite">${statusBadge(o.status)}</span>
          <span class="live live-${live}">${live === 'live' ? 'Live updates on' : live === 'offline' ? 'Live updates unavailable' : 'Connecting…'}</span></p>
        ${tracking(o)}
        ${notice('success', info)}
        ${notice('error', error)}
        <div class="columns">
          <section aria-labelledby="items-h"><h2 id="items-h">Items</h2>${orderItems(o)}</section>
          <section aria-labelledby="addr-h"><h2 id="addr-h">Delivery address</h2>${address(o)}
            <h2>History</h2>${history(o)}</section>
        </div>
        ${CANCELLABLE.includes(o.status) ? html`<button type="button" class="button button-danger" ?disabled=${busy} @click=${cancel}>Cancel order</button>` : nothing}
        ${o.refunds.length ? html`<section aria-labelledby="refunds-h"><h2 id="refunds-h">Refunds</h2><ul class="plain">${o.refunds.map(refundSummary)}</ul></section>` : nothing}
        ${REFUNDABLE.includes(o.status) && left > 0 ? html`
          <details class="card">
            <summary>Request a refund</summary>
            <form @submit=${refund(o)} novalidate>
              <fieldset @input=${suggestAmount(o, left)}><legend>Items you are sending back</legend>
                ${o.items.map((i) => html`<div class="field field-small"><label for="return-${i.productId}">${i.name} (of ${i.quantity})</label>
                  <input id="return-${i.productId}" name="return-${i.productId}" type="number" min="0" max=${i.quantity} value="0"></div>`)}
              </fieldset>
              <div class="field field-small"><label for="amount">Amount (up to ${formatMoney({ amount: left, currency: o.total.currency })})</label>
                <input id="amount" name="amount" inputmode="decimal" required value=${(left / 100).toFixed(2)}
                  aria-invalid=${invalid(refundFields, 'amount')} aria-describedby=${describedBy(refundFields, 'amount')}>${fieldError(refundFields, 'amount')}</div>
              <div class="field"><label for="reason">Reason</label><input id="reason" name="reason" required maxlength="500"
                aria-invalid=${invalid(refundFields, 'reason')} aria-describedby=${describedBy(refundFields, 'reason')}>${fieldError(refundFields, 'reason')}</div>
              <div id="refund-error" tabindex="-1">${notice('error', refundError)}</div>
              <button class="button" type="submit" ?disabled=${busy}>Request refund</button>
            </form>
          </details>` : nothing}`;
    },
  };
}
