// The cart in localStorage: lines with the price and the stock seen when added. Quantities are
// capped at what is in stock (and at 100, the API's limit per line).
import type { Money, Product } from './api/types.ts';

export interface CartLine { productId: string; name: string; imageUrl?: string | null; unitPrice: Money; quantity: number; stock?: number }

const KEY = 'bigsmokes.cart';
export const MAX_QUANTITY = 100;

export function readCart(): CartLine[] {
  try {
    const lines = JSON.parse(localStorage.getItem(KEY) ?? '[]') as CartLine[];
    return Array.isArray(lines) ? lines : [];
  } catch {
    return [];
  }
}

function write(lines: CartLine[]): void {
  localStorage.setItem(KEY, JSON.stringify(lines));
}

/** The most of a line the shopper may have: the stock last seen, and the API's limit. */
export function maxQuantity(line: Pick<CartLine, 'stock'>): number {
  return Math.max(0, Math.min(MAX_QUANTITY, line.stock ?? MAX_QUANTITY));
}

export function quantityInCart(productId: string): number {
  return readCart().find((l) => l.productId === productId)?.quantity ?? 0;
}

/** Adds up to what is in stock; returns how many were added. */
export function addToCart(product: Product, quantity: number): number {
  const lines = readCart();
  const line = lines.find((l) => l.productId === product.id);
  const cap = maxQuantity({ stock: product.stock });
  const before = line?.quantity ?? 0;
  const after = Math.min(cap, before + quantity);
  if (line) Object.assign(line, { quantity: after, stock: product.stock, unitPrice: product.price });
  else if (after > 0) lines.push({ productId: product.id, name: product.name, imageUrl: product.imageUrl, unitPrice: product.price, quantity: after, stock: product.stock });
  write(lines);
  return after - before;
}

/** Sets a line's quantity (1 to its maximum); removing is a separate, explicit action. */
export function setQuantity(productId: string, quantity: number): void {
  write(readCart().map((l) => (l.productId === productId ? { ...l, quantity: Math.max(1, Math.min(maxQuantity(l), quantity)) } : l)));
}

export function removeLine(productId: string): void {
  write(readCart().filter((l) => l.productId !== productId));
}

/** Replaces stale prices and stock with the catalogue's (after PriceMismatch or OutOfStock). */
export function refreshFromCatalogue(products: Product[]): void {
  write(readCart().map((l) => {
    const p = products.find((x) => x.id === l.productId);
    return p ? { ...l, unitPrice: p.price, name: p.name, stock: p.stock } : l;
  }));
}

/** Lines asking for more than the catalogue now has, with what is left. */
export function shortLines(products: Product[]): { name: string; wanted: number; left: number }[] {
  return readCart().flatMap((l) => {
    const p = products.find((x) => x.id === l.productId);
    return p && p.stock < l.quantity ? [{ name: l.name, wanted: l.quantity, left: Math.max(0, p.stock) }] : [];
  });
}

export function clearCart(): void {
  write([]);
}

export function cartCount(): number {
  return readCart().reduce((n, l) => n + l.quantity, 0);
}

export function itemsTotal(lines: CartLine[]): Money {
  return { amount: lines.reduce((sum, l) => sum + l.unitPrice.amount * l.quantity, 0), currency: lines[0]?.unitPrice.currency ?? 'USD' };
}
