// One product: picture, tasting notes, the cigar's dimensions, and a quantity to add to the cart.
import { html, nothing } from 'lit-html';
import { update, type Page } from '../../app.ts';
import { gql } from '../../api/client.ts';
import { getProduct } from '../../api/documents.ts';
import type { Product } from '../../api/types.ts';
import { addToCart, maxQuantity, quantityInCart } from '../../cart.ts';
import { describeError } from '../../errors.ts';
import { href } from '../../router.ts';
import { formValues, loading, notice, price, productImage, type Remote } from '../../ui.ts';
import { attributesOf } from './catalogue-data.ts';

export function productPage(id: string): Page {
  const product: Remote<Product | null> = { state: 'loading' };
  let message: string | undefined;
  gql<{ product: Product | null }>(getProduct, { id }, 'apiKey').then(
    (data) => { product.state = 'ok'; product.data = data.product; update(); },
    (error) => { product.state = 'error'; product.error = describeError(error); update(); },
  );

  const add = (p: Product) => (event: Event) => {
    const quantity = Number(formValues(event).quantity);
    const added = addToCart(p, quantity);
    message = added === quantity ? `${quantity} × ${p.name} added to your cart.`
      : added > 0 ? `Only ${p.stock} in stock: ${added} × ${p.name} added, so your cart holds all ${p.stock}.`
      : `Your cart already holds all ${p.stock} of ${p.name} in stock.`;
    update();
  };

  return {
    title: 'Product',
    gated: true,
    view: () => {
      if (product.state === 'loading') return loading('Loading the product');
      if (product.state === 'error') return html`<h1 tabindex="-1">Product</h1>${notice('error', product.error)}`;
      const p = product.data;
      if (!p) return html`<h1 tabindex="-1">Product not found</h1><p><a href=${href('/')}>Back to the shop</a></p>`;
      const a = attributesOf(p);
      const facts: [string, string | number | undefined][] = [
        ['Brand', p.brand], ['Vitola', a.vitola], ['Origin', a.origin], ['Strength', a.strength], ['Wrapper', a.wrapper],
        ['Ring gauge', a.ringGauge], ['Length', a.lengthInches ? `${a.lengthInches}″` : undefined], ['Count', a.count],
      ];
      return html`
        <p class="breadcrumb"><a href=${href('/')}>Shop</a> › ${p.category}</p>
        <article class="product-detail">
          ${productImage(p.imageUrl, `Illustration of ${p.name}`, 'large')}
          <div>
            <h1 tabindex="-1">${p.name}</h1>
            <p class="product-price-large">${price(p.price)}</p>
            <p>${p.description ?? ''}</p>
            <dl class="facts">${facts.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
            <p class="stock">${p.stock > 0 ? `${p.stock} in stock` : 'Sold out'}</p>
            ${p.onSale && p.stock > 0 && quantityInCart(p.id) < p.stock ? html`
              <form class="inline-form" @submit=${add(p)}>
                <div class="field field-small">
                  <label for="quantity">Quantity</label>
                  <input id="quantity" name="quantity" type="number" inputmode="numeric" min="1" max=${maxQuantity(p) - quantityInCart(p.id)} value="1" required>
                </div>
                <button class="button" type="submit">Add to cart</button>
              </form>` : nothing}
            ${notice('success', message)}
            ${message ? html`<p><a href=${href('/cart')}>Go to your cart</a></p>` : nothing}
          </div>
        </article>`;
    },
  };
}
