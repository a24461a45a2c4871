// Checkout: delivery address (the saved one offered; a state or province where the country needs
// one), a sandbox card, the delivery price and total before paying, then placeOrder. Typed errors
// become sentences; a stale price refreshes the cart's prices, short stock names the items.
import { html, nothing } from 'lit-html';
import { flash, state, update, type Page } from '../../app.ts';
import { gql } from '../../api/client.ts';
import { myOrders, placeOrder } from '../../api/documents.ts';
import type { Address, Connection, Order } from '../../api/types.ts';
import { addressLines, regionField } from '../../address.ts';
import { clearCart, itemsTotal, readCart, refreshFromCatalogue, shortLines } from '../../cart.ts';
import { estimateDelivery, shippingCountries } from '../../delivery.ts';
import { describeError, errorType } from '../../errors.ts';
import { describedBy, fieldError, focusAfterRender, focusFirstError, invalid, type FieldErrors } from '../../fields.ts';
import { formatMoney } from '../../format.ts';
import { href, navigate } from '../../router.ts';
import { formValues, notice } from '../../ui.ts';
import { loadCatalogue } from './catalogue-data.ts';
import { orderLabel } from '../timeline.ts';
import { askAgainWhileInProgress } from '../../ask-again.ts';

// API.md §7: the payment sandbox's test cards.
export const TEST_CARDS = [
  { token: 'tok_visa', label: 'Visa ending 4242 (approves)' },
  { token: 'tok_declined', label: 'Card ending 0002 (declined)' },
  { token: 'tok_insufficient_funds', label: 'Card ending 9995 (insufficient funds)' },
  { token: 'tok_flaky', label: 'Card ending 3220 (flaky network, succeeds on retry)' },
] as const;

const countryNames = new Intl.DisplayNames(['en'], { type: 'region' });
const REQUIRED: [string, string][] = [['name', 'Enter the name of the person receiving the parcel.'], ['line1', 'Enter the street address.'],
  ['city', 'Enter the city.'], ['postalCode', 'Enter the postal code.']];

export function checkoutPage(): Page {
  let address: Partial<Address> = { country: 'US' };
  let saved: Address | undefined;
  let error: string | undefined;
  let fields: FieldErrors = {};
  let busy = false;

  // The saved address: where the shopper's last order went.
  if (state.session) {
    gql<{ myOrders: Connection<Order> }>(myOrders, { limit: 1 }).then((r) => {
      const last = r.myOrders.items[0]?.deliveryAddress;
      if (last && shippingCountries.includes(last.country)) { saved = last; update(); }
    }, () => undefined);
  }

  const useSaved = () => {
    if (!saved) return;
    address = { ...saved };
    fields = {};
    update();
    focusAfterRender('name');
  };

  async function submit(event: Event): Promise<void> {
    const v = formValues(event);
    address = { name: v.name, line1: v.line1, line2: v.line2, city: v.city, postalCode: v.postalCode, region: v.region, country: v.country };
    fields = {};
    for (const [key, message] of REQUIRED) if (!v[key]) fields[key] = message;
    const region = regionField(v.country ?? '');
    if (region && !v.region) fields.region = `Choose the ${region.label.toLowerCase()}.`;
    error = undefined;
    if (Object.values(fields).some(Boolean)) { update(); focusFirstError(fields); return; }
    const lines = readCart();
    const estimate = estimateDelivery(v.country ?? '', itemsTotal(lines));
    busy = true;
    update();
    try {
      const input = {
        // A new key per attempt: a retry after a decline changes the body (another card).
        idempotencyKey: crypto.randomUUID(),
        items: lines.map((l) => ({ productId: l.productId, quantity: l.quantity, unitPrice: l.unitPrice })),
        deliveryAddress: {
          name: v.name, line1: v.line1, ...(v.line2 ? { line2: v.line2 } : {}), city: v.city, postalCode: v.postalCode,
          ...(region && v.region ? { region: v.region } : {}), country: v.country,
        },
        paymentToken: v.paymentToken,
        ...(estimate.kind === 'quote' ? { expectedTotal: estimate.total } : {}),
      };
      // The same key while another region still places this order (OperationInProgress): that order.
      const { placeOrder: order } = await askAgainWhileInProgress(() => gql<{ placeOrder: Order }>(placeOrder, { input }), errorType);
      clearCart();
      flash('success', `Thank you! Order ${orderLabel(order)} is placed: ${formatMoney(order.total)} including ${formatMoney(order.deliveryPrice)} delivery.`);
      navigate(`/orders/${encodeURIComponent(order.id)}`);
    } catch (e) {
      error = describeError(e);
      const type = errorType(e);
      if (type === 'PriceMismatch' || type === 'OutOfStock') {
        const products = await loadCatalogue(true).catch(() => []);
        const short = type === 'OutOfStock' ? shortLines(products) : [];
        refreshFromCatalogue(products);
        if (short.length) {
          error = `Sorry, we do not have enough in stock: ${short.map((s) => s.left === 0 ? `${s.name} is sold out` : `only ${s.left} of ${s.name} ${s.left === 1 ? 'is' : 'are'} left (you asked for ${s.wanted})`).join('; ')}. Change your cart and try again; nothing was charged.`;
        }
      }
      focusAfterRender('checkout-error');
    } finally {
      busy = false;
      update();
    }
  }

  const text = (id: keyof Address, label: string, autocomplete: string, optional = false) => html`
    <div class="field"><label for=${id}>${label}${optional ? html` <span class="muted">(optional)</span>` : nothing}</label>
      <input id=${id} name=${id} autocomplete=${autocomplete} maxlength="200" .value=${address[id] ?? ''}
        aria-invalid=${invalid(fields, id)} aria-describedby=${describedBy(fields, id)}>${fieldError(fields, id)}</div>`;

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
      const country = address.country ?? 'US';
      const estimate = estimateDelivery(country, items);
      const region = regionField(country);
      return html`
        <h1 tabindex="-1">Checkout</h1>
        <form class="checkout" @submit=${submit} aria-describedby="checkout-error" novalidate>
          <fieldset>
            <legend>Delivery address</legend>
            ${saved ? html`<div class="saved-address"><p>Your saved address: ${addressLines(saved).join(', ')}</p>
              <button type="button" class="button button-secondary" @click=${useSaved}>Deliver to my saved address</button></div>` : nothing}
            ${text('name', 'Full name', 'name')}
            ${text('line1', 'Address line 1', 'address-line1')}
            ${text('line2', 'Address line 2', 'address-line2', true)}
            <div class="field-row">
              ${text('city', 'City', 'address-level2')}
              ${region ? html`<div class="field"><label for="region">${region.label}</label>
                <select id="region" name="region" autocomplete="address-level1" aria-invalid=${invalid(fields, 'region')} aria-describedby=${describedBy(fields, 'region')}
                  @change=${(e: Event) => { address.region = (e.target as HTMLSelectElement).value; }}>
                  <option value="" ?selected=${!address.region}>Choose…</option>
                  ${region.options.map(([code, name]) => html`<option value=${code} ?selected=${address.region === code}>${name}</option>`)}
                </select>${fieldError(fields, 'region')}</div>` : nothing}
              ${text('postalCode', 'Postal code', 'postal-code')}
            </div>
            <div class="field"><label for="country">Country</label>
              <select id="country" name="country" autocomplete="country" @change=${(e: Event) => {
                const form = (e.target as HTMLSelectElement).form;
                const read = (k: string) => (form?.elements.namedItem(k) as HTMLInputElement | null)?.value ?? '';
                address = { name: read('name'), line1: read('line1'), line2: read('line2'), city: read('city'), postalCode: read('postalCode'), country: (e.target as HTMLSelectElement).value };
                update();
              }}>
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
          <div id="checkout-error" tabindex="-1">${notice('error', error)}</div>
          <button class="button button-large" type="submit" ?disabled=${busy}>${busy ? 'Placing your order…' : estimate.kind === 'quote' ? `Pay ${formatMoney(estimate.total)}` : 'Place order'}</button>
        </form>`;
    },
  };
}
