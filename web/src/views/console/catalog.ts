// Catalogue editors: every product with its price; edit or create through saveProduct, which is
// conditional on the updatedAt the editor saw, so two editors cannot overwrite each other.
import { html, nothing } from 'lit-html';
import { update, type Page } from '../../app.ts';
import { gql } from '../../api/client.ts';
import { saveProduct } from '../../api/documents.ts';
import type { Product } from '../../api/types.ts';
import { describeError } from '../../errors.ts';
import { formatMoney, parseAmount } from '../../format.ts';
import { href, navigate } from '../../router.ts';
import { formValues, loading, notice, productImage } from '../../ui.ts';
import { loadCatalogue } from '../store/catalogue-data.ts';

export const IMAGES = ['robusto', 'toro', 'churchill', 'corona', 'torpedo', 'lancero', 'gordo', 'petit-corona', 'accessory']
  .map((name) => `/images/products/${name}.svg`);

export function catalogList(): Page {
  let products: Product[] | undefined;
  let error: string | undefined;
  loadCatalogue(true).then((all) => { products = all; update(); }, (e) => { error = describeError(e); update(); });
  return {
    title: 'Catalogue',
    view: () => html`
      <h1 tabindex="-1">Catalogue</h1>
      <p><a class="button" href=${href('/console/catalog/new')}>New product</a></p>
      ${notice('error', error)}
      ${!products ? (error ? nothing : loading()) : html`<div class="table-wrap" tabindex="0" role="region" aria-label="Products"><table class="table">
        <caption>${products.length} products</caption>
        <thead><tr><th scope="col">Product</th><th scope="col">Brand</th><th scope="col">Category</th><th scope="col">Price</th><th scope="col">Stock</th><th scope="col">On sale</th></tr></thead>
        <tbody>${products.map((p) => html`<tr>
          <td><a href=${href(`/console/catalog/${encodeURIComponent(p.id)}`)}>${p.name}</a></td><td>${p.brand}</td><td>${p.category}</td>
          <td class="num">${formatMoney(p.price)}</td><td class="num">${p.stock}</td><td>${p.onSale ? 'Yes' : 'No'}</td></tr>`)}</tbody>
      </table></div>`}`,
  };
}

export function catalogEdit(id: string | undefined): Page {
  let product: Product | undefined;
  let error: string | undefined;
  let info: string | undefined;
  let busy = false;
  let ready = id === undefined;
  if (id !== undefined) {
    loadCatalogue(true).then((all) => {
      product = all.find((p) => p.id === id);
      if (!product) error = 'No such product.';
      ready = true; update();
    }, (e) => { error = describeError(e); ready = true; update(); });
  }

  const save = async (event: Event) => {
    const v = formValues(event);
    const amount = parseAmount(v.price ?? '');
    if (amount === undefined) { error = 'Enter the price in dollars, for example 12.50.'; update(); return; }
    if (v.attributes) {
      try { JSON.parse(v.attributes); } catch { error = 'Attributes must be JSON, for example {"strength":"Medium"}.'; update(); return; }
    }
    const form = event.currentTarget as HTMLFormElement | null;
    const onSale = (form?.elements.namedItem('onSale') as HTMLInputElement | null)?.checked ?? false;
    busy = true; error = undefined; info = undefined; update();
    try {
      const input = {
        ...(product ? { id: product.id, expectedUpdatedAt: product.updatedAt } : {}),
        name: v.name, brand: v.brand, category: v.category, description: v.description || null,
        price: { amount, currency: product?.price.currency ?? 'USD' }, imageUrl: v.imageUrl || null, onSale,
        attributes: v.attributes || null,
      };
      const saved = (await gql<{ saveProduct: Product }>(saveProduct, { input })).saveProduct;
      info = `Saved ${saved.name} at ${formatMoney(saved.price)}.`;
      await loadCatalogue(true);
      if (!product) navigate(`/console/catalog/${encodeURIComponent(saved.id)}`);
      product = saved;
    } catch (e) {
      error = describeError(e);
    }
    busy = false; update();
  };

  return {
    title: id ? 'Edit product' : 'New product',
    view: () => {
      if (!ready) return loading();
      const p = product;
      return html`
        <p class="breadcrumb"><a href=${href('/console/catalog')}>Catalogue</a> › ${p ? p.name : 'New product'}</p>
        <h1 tabindex="-1">${p ? `Edit ${p.name}` : 'New product'}</h1>
        ${notice('success', info)}${notice('error', error)}
        <form class="editor" @submit=${save}>
          <div class="field"><label for="p-name">Name</label><input id="p-name" name="name" required .value=${p?.name ?? ''}></div>
          <div class="field-row">
            <div class="field"><label for="p-brand">Brand</label><input id="p-brand" name="brand" required .value=${p?.brand ?? ''}></div>
            <div class="field"><label for="p-category">Category</label><input id="p-category" name="category" required .value=${p?.category ?? ''}></div>
          </div>
          <div class="field"><label for="p-description">Description</label><textarea id="p-description" name="description" rows="3" .value=${p?.description ?? ''}></textarea></div>
          <div class="field-row">
            <div class="field"><label for="p-price">Price (USD)</label><input id="p-price" name="price" inputmode="decimal" required .value=${p ? (p.price.amount / 100).toFixed(2) : ''}></div>
            <div class="field"><label for="p-image">Image</label>
              <select id="p-image" name="imageUrl">${IMAGES.map((url) => html`<option value=${url} ?selected=${p?.imageUrl === url}>${url.split('/').pop()}</option>`)}</select></div>
          </div>
          <div class="field"><label for="p-attributes">Attributes (JSON)</label><textarea id="p-attributes" name="attributes" rows="3" class="mono" .value=${p?.attributes ?? ''}></textarea></div>
          <div class="checkbox"><input id="p-onsale" name="onSale" type="checkbox" ?checked=${p ? p.onSale : true}><label for="p-onsale">On sale</label></div>
          ${p ? html`<p class="muted small">Last changed ${p.updatedAt}. Saving fails if someone else changed it since.</p>` : nothing}
          <button class="button" type="submit" ?disabled=${busy}>${busy ? 'Saving…' : 'Save product'}</button>
          ${p ? productImage(p.imageUrl, '', 'thumb') : nothing}
        </form>`;
    },
  };
}
