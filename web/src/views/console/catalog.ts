// Catalogue editors: every product with its price; edit or create through saveProduct, which is
// conditional on the updatedAt the editor saw, so two editors cannot overwrite each other.
import { html, nothing } from 'lit-html';
import { update, type Page } from '../../app.ts';
import { gql } from '../../api/client.ts';
import { saveProduct } from '../../api/documents.ts';
import type { Product } from '../../api/types.ts';
import { describeError } from '../../errors.ts';
import { describedBy, fieldError, focusAfterRender, focusFirstError, invalid, type FieldErrors } from '../../fields.ts';
import { formatDate, formatMoney } from '../../format.ts';
import { href, navigate } from '../../router.ts';
import { toast } from '../../toast.ts';
import { formValues, loading, notice, productImage } from '../../ui.ts';
import { attributesOf, loadCatalogue } from '../store/catalogue-data.ts';
import { NEW_VALUE, readProductForm, STRENGTHS } from './product-form.ts';
import { loadRegionStock, regionStock } from './region-stock.ts';
import type { RegionStock } from '../../api/types.ts';

export const IMAGES = ['robusto', 'toro', 'churchill', 'corona', 'torpedo', 'lancero', 'gordo', 'petit-corona', 'accessory']
  .map((name) => `/images/products/${name}.svg`);

export function catalogList(): Page {
  let products: Product[] | undefined;
  let error: string | undefined;
  let stock: Map<string, RegionStock[]> | undefined;
  loadCatalogue(true).then((all) => { products = all; update(); }, (e) => { error = describeError(e); update(); });
  loadRegionStock().then((rows) => { stock = rows; update(); }, () => { stock = new Map(); update(); });
  return {
    title: 'Catalogue',
    view: () => html`
      <h1 tabindex="-1">Catalogue</h1>
      <p><a class="button" href=${href('/console/catalog/new')}>New product</a></p>
      ${notice('error', error)}
      ${!products ? (error ? nothing : loading()) : html`<div class="table-wrap" tabindex="0" role="region" aria-label="Products"><table class="table">
        <caption>${products.length} products</caption>
        <thead><tr><th scope="col">Product</th><th scope="col">Brand</th><th scope="col">Category</th><th scope="col">Price</th><th scope="col">Stock by region</th><th scope="col">On sale</th></tr></thead>
        <tbody>${products.map((p) => html`<tr>
          <td><a href=${href(`/console/catalog/${encodeURIComponent(p.id)}`)}>${p.name}</a></td><td>${p.brand}</td><td>${p.category}</td>
          <td class="num">${formatMoney(p.price)}</td><td>${regionStock(stock?.get(p.id))}</td><td>${p.onSale ? 'Yes' : 'No'}</td></tr>`)}</tbody>
      </table></div>`}`,
  };
}

export function catalogEdit(id: string | undefined): Page {
  let product: Product | undefined;
  let all: Product[] = [];
  let error: string | undefined;
  let fields: FieldErrors = {};
  let busy = false;
  let ready = false;
  let newBrand = false;
  let newCategory = false;
  loadCatalogue(true).then((products) => {
    all = products;
    if (id !== undefined) {
      product = products.find((p) => p.id === id);
      if (!product) error = 'No such product.';
    }
    ready = true; update();
  }, (e) => { error = describeError(e); ready = true; update(); });

  const save = async (event: Event) => {
    const form = event.currentTarget as HTMLFormElement | null;
    const v = formValues(event);
    const { values, errors } = readProductForm(v);
    fields = errors;
    error = undefined;
    if (!values) { update(); focusFirstError(fields); return; }
    const onSale = (form?.elements.namedItem('onSale') as HTMLInputElement | null)?.checked ?? false;
    busy = true; update();
    try {
      // Attributes the form has no field for (count, ...) are kept as they were.
      const kept = product ? attributesOf(product) : {};
      const attributes = { ...kept, ...values.attributes };
      for (const key of ['vitola', 'origin', 'strength', 'ringGauge', 'lengthInches', 'wrapper'] as const) if (!values.attributes?.[key]) delete attributes[key];
      const input = {
        ...(product ? { id: product.id, expectedUpdatedAt: product.updatedAt } : {}),
        name: values.name, brand: values.brand, category: values.category, description: values.description,
        price: { amount: values.price, currency: product?.price.currency ?? 'USD' }, imageUrl: values.imageUrl, onSale,
        attributes: Object.keys(attributes).length ? JSON.stringify(attributes) : null,
      };
      const saved = (await gql<{ saveProduct: Product }>(saveProduct, { input })).saveProduct;
      toast(`Saved ${saved.name} at ${formatMoney(saved.price)}.`);
      all = await loadCatalogue(true);
      if (!product) navigate(`/console/catalog/${encodeURIComponent(saved.id)}`);
      product = saved;
      newBrand = newCategory = false;
    } catch (e) {
      error = describeError(e);
      focusAfterRender('editor-error');
    }
    busy = false; update();
  };

  const choice = (key: 'brand' | 'category', label: string, current: string | undefined, isNew: boolean, setNew: (on: boolean) => void) => {
    const options = [...new Set(all.map((p) => p[key]))].sort();
    const id = `p-${key}`;
    return html`<div class="field"><label for=${id}>${label}</label>
      <select id=${id} name=${key} aria-invalid=${invalid(fields, id)} aria-describedby=${describedBy(fields, id)}
        @change=${(e: Event) => { setNew((e.target as HTMLSelectElement).value === NEW_VALUE); update(); }}>
        <option value="" ?selected=${!current && !isNew}>Choose…</option>
        ${options.map((o) => html`<option value=${o} ?selected=${!isNew && o === current}>${o}</option>`)}
        <option value=${NEW_VALUE} ?selected=${isNew}>New ${label.toLowerCase()}…</option>
      </select>${fieldError(fields, id)}
      ${isNew ? html`<label for="${id}-new">New ${label.toLowerCase()} name</label>
        <input id="${id}-new" name="${key}New" aria-invalid=${invalid(fields, `${id}-new`)} aria-describedby=${describedBy(fields, `${id}-new`)}>${fieldError(fields, `${id}-new`)}` : nothing}</div>`;
  };

  const text = (id: string, name: string, label: string, value: string | number | undefined, extra: { hint?: string; inputmode?: string } = {}) => html`
    <div class="field"><label for=${id}>${label}</label>
      <input id=${id} name=${name} .value=${value === undefined ? '' : String(value)} inputmode=${extra.inputmode ?? nothing}
        aria-invalid=${invalid(fields, id)} aria-describedby=${describedBy(fields, id, extra.hint ? `${id}-hint` : undefined)}>
      ${extra.hint ? html`<p class="hint" id="${id}-hint">${extra.hint}</p>` : nothing}${fieldError(fields, id)}</div>`;

  return {
    title: id ? 'Edit product' : 'New product',
    view: () => {
      if (!ready) return loading();
      const p = product;
      const a = p ? attributesOf(p) : {};
      return html`
        <p class="breadcrumb"><a href=${href('/console/catalog')}>Catalogue</a> › ${p ? p.name : 'New product'}</p>
        <h1 tabindex="-1">${p ? `Edit ${p.name}` : 'New product'}</h1>
        <form class="editor" @submit=${save} novalidate>
          ${text('p-name', 'name', 'Name', p?.name)}
          <div class="field-row">
            ${choice('brand', 'Brand', p?.brand, newBrand, (on) => { newBrand = on; })}
            ${choice('category', 'Category', p?.category, newCategory, (on) => { newCategory = on; })}
          </div>
          <div class="field"><label for="p-description">Description</label><textarea id="p-description" name="description" rows="3" .value=${p?.description ?? ''}></textarea></div>
          <div class="field-row">
            ${text('p-price', 'price', 'Price (USD)', p ? (p.price.amount / 100).toFixed(2) : undefined, { hint: 'From $0.01 to $10,000.00.', inputmode: 'decimal' })}
            <div class="field"><label for="p-image">Image</label>
              <select id="p-image" name="imageUrl">${IMAGES.map((url) => html`<option value=${url} ?selected=${p?.imageUrl === url}>${url.split('/').pop()}</option>`)}</select></div>
          </div>
          <fieldset><legend>Attributes</legend>
            <div class="field-row">
              ${text('p-vitola', 'vitola', 'Vitola', a.vitola)}
              ${text('p-origin', 'origin', 'Origin', a.origin)}
              <div class="field"><label for="p-strength">Strength</label>
                <select id="p-strength" name="strength"><option value="">Not stated</option>
                  ${STRENGTHS.map((s) => html`<option value=${s} ?selected=${a.strength === s}>${s}</option>`)}</select></div>
              ${text('p-ring', 'ringGauge', 'Ring gauge', a.ringGauge, { inputmode: 'numeric' })}
              ${text('p-length', 'lengthInches', 'Length (inches)', a.lengthInches, { inputmode: 'decimal' })}
              ${text('p-wrapper', 'wrapper', 'Wrapper', a.wrapper)}
            </div>
          </fieldset>
          <div class="checkbox"><input id="p-onsale" name="onSale" type="checkbox" ?checked=${p ? p.onSale : true}><label for="p-onsale">On sale</label></div>
          ${p ? html`<p class="muted small">In stock in this region: ${p.stock}. Last changed ${formatDate(p.updatedAt)}; saving fails if someone else changed it since.</p>` : nothing}
          <div id="editor-error" tabindex="-1">${notice('error', error)}</div>
          <button class="button" type="submit" ?disabled=${busy}>${busy ? 'Saving…' : 'Save product'}</button>
          ${p ? productImage(p.imageUrl, '', 'thumb') : nothing}
        </form>`;
    },
  };
}
