// The shop window: every product on sale with filters by brand, category and strength.
import { html, nothing } from 'lit-html';
import { update, type Page } from '../../app.ts';
import type { Product } from '../../api/types.ts';
import { addToCart } from '../../cart.ts';
import { describeError } from '../../errors.ts';
import { href } from '../../router.ts';
import { loading, notice, price, productImage, type Remote } from '../../ui.ts';
import { attributesOf, loadCatalogue } from './catalogue-data.ts';

const STRENGTHS = ['Mild', 'Mild-Medium', 'Medium', 'Medium-Full', 'Full'];
const filters = { brand: '', category: '', strength: '' };
const products: Remote<Product[]> = { state: 'idle' };
let added: string | undefined;

async function load(): Promise<void> {
  products.state = 'loading';
  try {
    products.data = await loadCatalogue();
    products.state = 'ok';
  } catch (error) {
    products.state = 'error';
    products.error = describeError(error);
  }
  update();
}

const unique = (values: string[]) => [...new Set(values)].sort();

function select(name: keyof typeof filters, label: string, options: string[]) {
  return html`<div class="field">
    <label for="filter-${name}">${label}</label>
    <select id="filter-${name}" .value=${filters[name]} @change=${(e: Event) => { filters[name] = (e.target as HTMLSelectElement).value; update(); }}>
      <option value="">All</option>
      ${options.map((o) => html`<option value=${o} ?selected=${filters[name] === o}>${o}</option>`)}
    </select>
  </div>`;
}

function card(product: Product) {
  const attrs = attributesOf(product);
  const soldOut = product.stock <= 0;
  return html`<li class="card product-card">
    <a href=${href(`/product/${encodeURIComponent(product.id)}`)} class="card-link">
      ${productImage(product.imageUrl, '')}
      <span class="product-brand">${product.brand}</span>
      <h2 class="product-name">${product.name}</h2>
    </a>
    <p class="product-meta">${product.category}${attrs.strength ? html` · <span class="strength">${attrs.strength}</span>` : nothing}</p>
    <div class="card-footer">
      ${price(product.price)}
      ${soldOut
        ? html`<span class="badge badge-failed">Sold out</span>`
        : html`<button type="button" class="button" @click=${() => { addToCart(product, 1); added = product.name; update(); }}
            aria-label="Add ${product.name} to cart">Add to cart</button>`}
    </div>
  </li>`;
}

export function cataloguePage(): Page {
  added = undefined;
  if (products.state !== 'ok') void load();
  return {
    title: 'Shop',
    gated: true,
    view: () => {
      const all = (products.data ?? []).filter((p) => p.onSale);
      const shown = all.filter((p) => (!filters.brand || p.brand === filters.brand)
        && (!filters.category || p.category === filters.category)
        && (!filters.strength || attributesOf(p).strength === filters.strength));
      return html`
        <section class="hero">
          <h1 tabindex="-1">Hand-rolled cigars, shipped with care</h1>
          <p>Long-filler cigars from the Dominican Republic, Nicaragua, Honduras and Mexico, and the accessories to enjoy them.</p>
        </section>
        <form class="filters" aria-label="Filter products" @submit=${(e: Event) => e.preventDefault()}>
          ${select('brand', 'Brand', unique(all.map((p) => p.brand)))}
          ${select('category', 'Category', unique(all.map((p) => p.category)))}
          ${select('strength', 'Strength', STRENGTHS)}
          ${filters.brand || filters.category || filters.strength
            ? html`<button type="button" class="button button-secondary" @click=${() => { filters.brand = filters.category = filters.strength = ''; update(); }}>Clear filters</button>`
            : nothing}
        </form>
        ${notice('success', added ? `${added} added to your cart.` : undefined)}
        ${products.state === 'error' ? notice('error', products.error) : nothing}
        ${products.state === 'loading' || products.state === 'idle' ? loading('Loading the catalogue') : html`
          <p class="result-count" role="status">${shown.length} of ${all.length} products</p>
          <ul class="product-grid">${shown.map(card)}</ul>`}`;
    },
  };
}
