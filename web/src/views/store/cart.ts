// The cart: change quantities (1 up to what is in stock), remove lines, see the subtotal, go to
// checkout. A cleared or zero quantity is an error beside the field, never a silent removal.
import { html } from 'lit-html';
import { update, type Page } from '../../app.ts';
import { itemsTotal, maxQuantity, readCart, refreshFromCatalogue, removeLine, setQuantity } from '../../cart.ts';
import { describedBy, fieldError, focusFirstError, invalid, type FieldErrors } from '../../fields.ts';
import { formatMoney } from '../../format.ts';
import { href } from '../../router.ts';
import { toast } from '../../toast.ts';
import { price, productImage } from '../../ui.ts';
import { loadCatalogue } from './catalogue-data.ts';

export function cartPage(): Page {
  const fields: FieldErrors = {};
  // The stock may have moved since the items were added: cap against today's.
  loadCatalogue(true).then((products) => { refreshFromCatalogue(products); update(); }, () => undefined);

  const change = (productId: string, name: string, max: number) => (e: Event) => {
    const input = e.target as HTMLInputElement;
    const id = input.id;
    const wanted = Number(input.value);
    if (input.value.trim() === '' || !Number.isInteger(wanted) || wanted < 1) {
      fields[id] = `Enter a quantity from 1 to ${max}, or use Remove to take ${name} out of your cart.`;
      update(); focusFirstError(fields); return;
    }
    fields[id] = wanted > max ? `Only ${max} of ${name} ${max === 1 ? 'is' : 'are'} in stock; your cart now holds ${max}.` : undefined;
    setQuantity(productId, wanted);
    input.value = String(Math.min(wanted, max));
    update();
  };

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
          ${lines.map((line) => {
            const id = `qty-${line.productId}`;
            const max = maxQuantity(line);
            return html`<li class="cart-line">
            ${productImage(line.imageUrl, '', 'thumb')}
            <div class="cart-line-name"><a href=${href(`/product/${encodeURIComponent(line.productId)}`)}>${line.name}</a>
              <span class="muted">${formatMoney(line.unitPrice)} each</span></div>
            <div class="field field-small">
              <label for=${id}>Quantity <span class="visually-hidden">of ${line.name}</span></label>
              <input id=${id} type="number" inputmode="numeric" min="1" max=${max} .value=${String(line.quantity)}
                aria-invalid=${invalid(fields, id)} aria-describedby=${describedBy(fields, id, `${id}-hint`)}
                @change=${change(line.productId, line.name, max)}>
              <p class="hint" id="${id}-hint">${max} in stock</p>
              ${fieldError(fields, id)}
            </div>
            ${price({ amount: line.unitPrice.amount * line.quantity, currency: line.unitPrice.currency })}
            <button type="button" class="button button-secondary" @click=${() => { removeLine(line.productId); fields[id] = undefined; toast(`${line.name} removed from your cart.`); update(); }}>
              Remove <span class="visually-hidden">${line.name}</span></button>
          </li>`;
          })}
        </ul>
        <div class="summary">
          <p>Subtotal: <strong>${formatMoney(itemsTotal(lines))}</strong></p>
          <p class="muted">Delivery is shown at checkout, before you pay.</p>
          <a class="button" href=${href('/checkout')}>Checkout</a>
        </div>`;
    },
  };
}
