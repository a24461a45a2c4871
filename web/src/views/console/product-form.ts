// The catalogue editor's form rules, apart from the page: price bounds (the API's own, so the form
// refuses what the API would), category and brand chosen from existing values or named new on
// purpose, and the cigar's attributes as labelled fields instead of raw JSON.
import type { ProductAttributes } from '../../api/types.ts';
import { parseAmount } from '../../format.ts';
import type { FieldErrors } from '../../fields.ts';

/** Minor units; schema/resolvers/Mutation.saveProduct.js refuses the same. */
export const MIN_PRICE = 1;
export const MAX_PRICE = 1_000_000;
export const NEW_VALUE = '__new__';
export const STRENGTHS = ['Mild', 'Mild-Medium', 'Medium', 'Medium-Full', 'Full'];

export interface ProductFormValues {
  name: string; brand: string; category: string; price: number; description: string | null; imageUrl: string | null;
  attributes: ProductAttributes | null;
}

function chosen(v: Record<string, string>, key: 'brand' | 'category'): string {
  return (v[key] === NEW_VALUE ? v[`${key}New`] : v[key])?.trim() ?? '';
}

function positive(text: string | undefined, max: number): number | undefined | 'bad' {
  if (!text) return undefined;
  const n = Number(text);
  return Number.isFinite(n) && n > 0 && n <= max ? n : 'bad';
}

/** Reads and checks the editor's fields; errors are keyed by the control's id. */
export function readProductForm(v: Record<string, string>): { values?: ProductFormValues; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const name = v.name ?? '';
  if (!name || name.length > 200) errors['p-name'] = 'Enter a name of up to 200 characters.';
  const brand = chosen(v, 'brand');
  if (!brand) errors[v.brand === NEW_VALUE ? 'p-brand-new' : 'p-brand'] = v.brand === NEW_VALUE ? 'Name the new brand.' : 'Choose a brand, or "New brand…".';
  const category = chosen(v, 'category');
  if (!category) errors[v.category === NEW_VALUE ? 'p-category-new' : 'p-category'] = v.category === NEW_VALUE ? 'Name the new category.' : 'Choose a category, or "New category…".';
  const price = parseAmount(v.price ?? '');
  if (price === undefined) errors['p-price'] = 'Enter the price in dollars, for example 12.50.';
  else if (price < MIN_PRICE || price > MAX_PRICE) errors['p-price'] = 'The price must be at least $0.01 and at most $10,000.00.';
  const ringGauge = positive(v.ringGauge, 80);
  if (ringGauge === 'bad') errors['p-ring'] = 'Ring gauge is a whole number up to 80, for example 52.';
  const lengthInches = positive(v.lengthInches, 12);
  if (lengthInches === 'bad') errors['p-length'] = 'Length is in inches, up to 12, for example 5.5.';
  if (Object.values(errors).some(Boolean)) return { errors };
  const attributes: ProductAttributes = {
    ...(v.vitola ? { vitola: v.vitola } : {}), ...(v.origin ? { origin: v.origin } : {}), ...(v.strength ? { strength: v.strength } : {}),
    ...(typeof ringGauge === 'number' ? { ringGauge } : {}), ...(typeof lengthInches === 'number' ? { lengthInches } : {}),
    ...(v.wrapper ? { wrapper: v.wrapper } : {}),
  };
  return {
    errors,
    values: {
      name, brand, category, price: price!, description: v.description || null, imageUrl: v.imageUrl || null,
      attributes: Object.keys(attributes).length ? attributes : null,
    },
  };
}
