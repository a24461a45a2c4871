// The cart: change quantities, remove lines, see the subtotal, go to checkout.
import { html } from 'lit-html';
import { update, type Page } from '../../app.ts';
import { itemsTotal, MAX_QUANTITY, readCart, setQuantity } from '../../cart.ts';
import { formatMoney } from '../../format.ts';
import { href } from '../../router.ts';
import { price, productImage } from '../../ui.ts';

export function cartPage(): Page {
  return {
    title: 'Cart',
    gated: true,
    view: () => {
      const lines = readCart();
      if (lines.length === 0) {
        return html`<h1 tabindex="-1">Your cart</h1><p>Your cart is empty. <a href=${href('/')}>Browse the shop</a>.</p>`;
      }
      return html`
        <h1 tabindex="-1">Your cart</h1>
        <ul class="cart-lines">
          ${lines.map((line) => html`<li class="cart-line">
            ${productImage(line.imageUrl, '', 'thumb')}
            <div class="cart-line-name"><a href=${href(`/product/${encodeURIComponent(line.productId)}`)}>${line.name}</a>
              <span class="muted">${formatMoney(line.unitPrice)} each</span></div>
            <div class="field field-small">
              <label for="qty-${line.productId}">Quantity <span class="visually-hidden">of ${line.name}</span></label>
              <input id="qty-${line.productId}" type="number" inputmode="numeric" min="0" max=${MAX_QUANTITY} .value=${String(line.quantity)}
                @change=${(e: Event) => { setQuantity(line.productId, Number((e.target as HTMLInputElement).value)); update(); }}>
            </div>
            ${price({ amount: line.unitPrice.amount * line.quantity, currency: line.unitPrice.currency })}
            <button type="button" class="button button-secondary" @click=${() => { setQuantity(line.productId, 0); update(); }}>
              Remove <span class="visually-hidden">${line.name}</span></button>
          </li>`)}
        </ul>
        <div class="summary">
          <p>Subtotal: <strong>${formatMoney(itemsTotal(lines))}</strong></p>
          <p class="muted">Delivery is shown at checkout, before you pay.</p>
          <a class="button" href=${href('/checkout')}>Checkout</a>
        </div>`;
    },
  };
}
