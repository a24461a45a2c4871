// Checkout: delivery address, a sandbox card, the delivery price and total before paying, then
// placeOrder. Typed errors become sentences; a stale price refreshes the cart's prices.
import { html } from 'lit-html';
import { flash, state, update, type Page } from '../../app.ts';
import { gql } from '../../api/client.ts';
import { placeOrder } from '../../api/documents.ts';
import type { Order } from '../../api/types.ts';
import { clearCart, itemsTotal, readCart, refreshPrices } from '../../cart.ts';
import { estimateDelivery, shippingCountries } from '../../delivery.ts';
import { describeError, errorType } from '../../errors.ts';
import { formatMoney } from '../../format.ts';
import { href, navigate } from '../../router.ts';
import { formValues, notice } from '../../ui.ts';
import { loadCatalogue } from './catalogue-data.ts';

// API.md §7: the payment sandbox's test cards.
export const TEST_CARDS = [
  { token: 'tok_visa', label: 'Visa ending 4242 (approves)' },
  { token: 'tok_declined', label: 'Card ending 0002 (declined)' },
  { token: 'tok_insufficient_funds', label: 'Card ending 9995 (insufficient funds)' },
  { token: 'tok_flaky', label: 'Card ending 3220 (flaky network, succeeds on retry)' },
] as const;

const countryNames = new Intl.DisplayNames(['en'], { type: 'region' });

export function checkoutPage(): Page {
  let country = 'US';
  let error: string | undefined;
  let busy = false;

  async function submit(event: Event): Promise<void> {
    const v = formValues(event);
    const lines = readCart();
    const estimate = estimateDelivery(v.country ?? '', itemsTotal(lines));
    busy = true;
    error = undefined;
    update();
    try {
      const input = {
        // A new key per attempt: a retry after a decline changes the body (another card).
        idempotencyKey: crypto.randomUUID(),
        items: lines.map((l) => ({ productId: l.productId, quantity: l.quantity, unitPrice: l.unitPrice })),
        deliveryAddress: { name: v.name, line1: v.line1, ...(v.line2 ? { line2: v.line2 } : {}), city: v.city, postalCode: v.postalCode, country: v.country },
        paymentToken: v.paymentToken,
        ...(estimate.kind === 'quote' ? { expectedTotal: estimate.total } : {}),
      };
      const { placeOrder: order } = await gql<{ placeOrder: Order }>(placeOrder, { input });
      clearCart();
      flash('success', `Thank you! Order ${order.id} is placed: ${formatMoney(order.total)} including ${formatMoney(order.deliveryPrice)} delivery.`);
      navigate(`/orders/${encodeURIComponent(order.id)}`);
    } catch (e) {
      error = describeError(e);
      if (errorType(e) === 'PriceMismatch') refreshPrices(await loadCatalogue(true).catch(() => []));
    } finally {
      busy = false;
      update();
    }
  }

  return {
    title: 'Checkout',
    gated: true,
    view: () => {
      const lines = readCart();
      if (!state.session) {
        return html`<h1 tabindex="-1">Checkout</h1>
          <p>Please <a href=${href('/signin?next=/checkout')}>sign in</a> or <a href=${href('/signup?next=/checkout')}>create an account</a> to check out.</p>`;
      }
      if (lines.length === 0) return html`<h1 tabindex="-1">Checkout</h1><p>Your cart is empty. <a href=${href('/')}>Browse the shop</a>.</p>`;
      const items = itemsTotal(lines);
      const estimate = estimateDelivery(country, items);
      return html`
        <h1 tabindex="-1">Checkout</h1>
        <form class="checkout" @submit=${submit} aria-describedby="checkout-error">
          <fieldset>
            <legend>Delivery address</legend>
            <div class="field"><label for="name">Full name</label><input id="name" name="name" autocomplete="name" required></div>
            <div class="field"><label for="line1">Address line 1</label><input id="line1" name="line1" autocomplete="address-line1" required></div>
            <div class="field"><label for="line2">Address line 2 <span class="muted">(optional)</span></label><input id="line2" name="line2" autocomplete="address-line2"></div>
            <div class="field-row">
              <div class="field"><label for="city">City</label><input id="city" name="city" autocomplete="address-level2" required></div>
              <div class="field"><label for="postalCode">Postal code</label><input id="postalCode" name="postalCode" autocomplete="postal-code" required></div>
            </div>
            <div class="field"><label for="country">Country</label>
              <select id="country" name="country" autocomplete="country" @change=${(e: Event) => { country = (e.target as HTMLSelectElement).value; update(); }}>
                ${shippingCountries.map((c) => html`<option value=${c} ?selected=${c === country}>${countryNames.of(c) ?? c}</option>`)}
              </select>
            </div>
          </fieldset>
          <fieldset>
            <legend>Payment (sandbox test cards)</legend>
            ${TEST_CARDS.map((card, i) => html`<div class="radio">
              <input type="radio" id="card-${card.token}" name="paymentToken" value=${card.token} ?checked=${i === 0} required>
              <label for="card-${card.token}">${card.label}</label></div>`)}
          </fieldset>
          <section class="summary" aria-labelledby="summary-heading">
            <h2 id="summary-heading">Order summary</h2>
            <ul class="plain">${lines.map((l) => html`<li>${l.quantity} × ${l.name} <span class="muted">${formatMoney({ amount: l.unitPrice.amount * l.quantity, currency: l.unitPrice.currency })}</span></li>`)}</ul>
            <dl class="totals" aria-live="polite">
              <dt>Items</dt><dd data-testid="items-total">${formatMoney(items)}</dd>
              <dt>Delivery</dt><dd data-testid="delivery-price">${estimate.kind === 'quote'
                ? (estimate.delivery.amount === 0 ? 'Free' : formatMoney(estimate.delivery))
                : estimate.kind === 'restricted' ? 'We cannot ship tobacco there' : 'Calculated at checkout'}</dd>
              <dt>Total</dt><dd data-testid="order-total"><strong>${estimate.kind === 'quote' ? formatMoney(estimate.total) : 'Calculated at checkout'}</strong></dd>
            </dl>
          </section>
          <div id="checkout-error">${notice('error', error)}</div>
          <button class="button button-large" type="submit" ?disabled=${busy}>${busy ? 'Placing your order…' : estimate.kind === 'quote' ? `Pay ${formatMoney(estimate.total)}` : 'Place order'}</button>
        </form>`;
    },
  };
}
