// The shop window: every product on sale, searchable by name and brand, filtered by brand,
// category and strength, sorted by price or name, a page at a time. The search, filters, sort and
// page live in the URL (#/?q=…&brand=…&sort=…&page=…), so a view can be shared, bookmarked and
// reloaded; changing them rewrites the URL without leaving the page.
import { html, nothing } from 'lit-html';
import { update, type Page } from '../../app.ts';
import type { Product } from '../../api/types.ts';
import { addToCart, quantityInCart } from '../../cart.ts';
import { describeError } from '../../errors.ts';
import { currentRoute, href } from '../../router.ts';
import { toast } from '../../toast.ts';
import { loading, notice, price, productImage, type Remote } from '../../ui.ts';
import { attributesOf, loadCatalogue } from './catalogue-data.ts';
import { browse, PAGE_SIZE, SORTS, type Browse } from './browse.ts';

const STRENGTHS = ['Mild', 'Mild-Medium', 'Medium', 'Medium-Full', 'Full'];
const products: Remote<Product[]> = { state: 'idle' };

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

function fromUrl(): Browse {
  const q = currentRoute().query;
  const sort = q.get('sort') ?? '';
  return {
    q: q.get('q') ?? '', brand: q.get('brand') ?? '', category: q.get('category') ?? '', strength: q.get('strength') ?? '',
    sort: (SORTS.some((s) => s.value === sort) ? sort : 'featured') as Browse['sort'], page: Math.max(1, Number(q.get('page')) || 1),
  };
}

function toUrl(b: Browse): void {
  const q = new URLSearchParams();
  if (b.q) q.set('q', b.q);
  for (const key of ['brand', 'category', 'strength'] as const) if (b[key]) q.set(key, b[key]);
  if (b.sort !== 'featured') q.set('sort', b.sort);
  if (b.page > 1) q.set('page', String(b.page));
  const query = q.toString();
  history.replaceState(null, '', `#/${query ? `?${query}` : ''}`);
}

function card(product: Product) {
  const attrs = attributesOf(product);
  const left = product.stock - quantityInCart(product.id);
  return html`<li class="card product-card">
    <a href=${href(`/product/${encodeURIComponent(product.id)}`)} class="card-link">
      ${productImage(product.imageUrl, '')}
      <span class="product-brand">${product.brand}</span>
      <h2 class="product-name">${product.name}</h2>
    </a>
    <p class="product-meta">${product.category}${attrs.strength ? html` · <span class="strength">${attrs.strength}</span>` : nothing}</p>
    <div class="card-footer">
      ${price(product.price)}
      ${product.stock <= 0
        ? html`<span class="badge badge-failed">Sold out</span>`
        : left <= 0 ? html`<span class="badge">All ${product.stock} in your cart</span>`
        : html`<button type="button" class="button" @click=${() => { addToCart(product, 1); toast(`${product.name} added to your cart.`); }}
            aria-label="Add ${product.name} to cart">Add to cart</button>`}
    </div>
  </li>`;
}

export function cataloguePage(): Page {
  const b = fromUrl();
  if (products.state !== 'ok') void load();
  const change = (patch: Partial<Browse>) => { Object.assign(b, { page: 1 }, patch); toUrl(b); update(); };

  const select = (name: 'brand' | 'category' | 'strength', label: string, options: string[]) => html`<div class="field">
    <label for="filter-${name}">${label}</label>
    <select id="filter-${name}" @change=${(e: Event) => change({ [name]: (e.target as HTMLSelectElement).value })}>
      <option value="" ?selected=${!b[name]}>All</option>
      ${options.map((o) => html`<option value=${o} ?selected=${b[name] === o}>${o}</option>`)}
    </select>
  </div>`;

  return {
    title: 'Shop',
    gated: true,
    view: () => {
      const all = (products.data ?? []).filter((p) => p.onSale);
      const result = browse(all, b);
      const filtered = b.q || b.brand || b.category || b.strength;
      return html`
        <section class="hero">
          <h1 tabindex="-1">Hand-rolled cigars, shipped with care</h1>
          <p>Long-filler cigars from the Dominican Republic, Nicaragua, Honduras and Mexico, and the accessories to enjoy them.</p>
        </section>
        <form class="filters" role="search" aria-label="Find products" @submit=${(e: Event) => {
          e.preventDefault();
          change({ q: ((e.currentTarget as HTMLFormElement).elements.namedItem('q') as HTMLInputElement).value.trim() });
        }}>
          <div class="field"><label for="search-q">Search name or brand</label>
            <input id="search-q" name="q" type="search" .value=${b.q} @search=${(e: Event) => change({ q: (e.target as HTMLInputElement).value.trim() })}></div>
          ${select('brand', 'Brand', unique(all.map((p) => p.brand)))}
          ${select('category', 'Category', unique(all.map((p) => p.category)))}
          ${select('strength', 'Strength', STRENGTHS)}
          <div class="field"><label for="sort">Sort by</label>
            <select id="sort" @change=${(e: Event) => change({ sort: (e.target as HTMLSelectElement).value as Browse['sort'] })}>
              ${SORTS.map((s) => html`<option value=${s.value} ?selected=${b.sort === s.value}>${s.label}</option>`)}
            </select></div>
          <div class="field"><button type="submit" class="button">Search</button></div>
          ${filtered ? html`<div class="field"><button type="button" class="button button-secondary"
              @click=${() => change({ q: '', brand: '', category: '', strength: '' })}>Clear filters</button></div>` : nothing}
        </form>
        ${products.state === 'error' ? notice('error', products.error) : nothing}
        ${products.state === 'loading' || products.state === 'idle' ? loading('Loading the catalogue') : html`
          <p class="result-count" role="status">${result.total} of ${all.length} products${result.pages > 1 ? ` · page ${result.page} of ${result.pages}` : ''}</p>
          ${result.items.length ? html`<ul class="product-grid">${result.items.map(card)}</ul>` : html`<p>No products match. Try fewer words or clear the filters.</p>`}
          ${result.pages > 1 ? html`<nav class="pager" aria-label="Catalogue pages">
            <button type="button" class="button button-secondary" ?disabled=${result.page <= 1} @click=${() => { b.page = result.page - 1; toUrl(b); update(); window.scrollTo(0, 0); }}>Previous page</button>
            <span>Page ${result.page} of ${result.pages} (${PAGE_SIZE} a page)</span>
            <button type="button" class="button button-secondary" ?disabled=${result.page >= result.pages} @click=${() => { b.page = result.page + 1; toUrl(b); update(); window.scrollTo(0, 0); }}>Next page</button>
          </nav>` : nothing}`}`;
    },
  };
}
