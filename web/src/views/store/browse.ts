// Searching, filtering, sorting and paging the catalogue, apart from the page so it can be tested.
import type { Product } from '../../api/types.ts';
import { attributesOf } from './catalogue-data.ts';

export const PAGE_SIZE = 12;
export const SORTS = [
  { value: 'featured', label: 'Featured' },
  { value: 'price-asc', label: 'Price: low to high' },
  { value: 'price-desc', label: 'Price: high to low' },
  { value: 'name-asc', label: 'Name: A to Z' },
] as const;

export interface Browse {
  q: string; brand: string; category: string; strength: string; sort: (typeof SORTS)[number]['value']; page: number;
}

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Every word of the search must appear in the product's name or brand (accents and case ignored). */
export function matches(product: Product, q: string): boolean {
  const haystack = fold(`${product.name} ${product.brand}`);
  return fold(q).split(/\s+/).filter(Boolean).every((word) => haystack.includes(word));
}

export function browse(products: Product[], b: Browse): { items: Product[]; total: number; page: number; pages: number } {
  const shown = products.filter((p) => (!b.q || matches(p, b.q)) && (!b.brand || p.brand === b.brand)
    && (!b.category || p.category === b.category) && (!b.strength || attributesOf(p).strength === b.strength));
  const sorted = [...shown];
  if (b.sort === 'price-asc') sorted.sort((x, y) => x.price.amount - y.price.amount || x.name.localeCompare(y.name));
  if (b.sort === 'price-desc') sorted.sort((x, y) => y.price.amount - x.price.amount || x.name.localeCompare(y.name));
  if (b.sort === 'name-asc') sorted.sort((x, y) => x.name.localeCompare(y.name));
  const pages = Math.max(1, Math.ceil(sorted.length / PAGE_SIZE));
  const page = Math.min(Math.max(1, b.page), pages);
  return { items: sorted.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), total: sorted.length, page, pages };
}
