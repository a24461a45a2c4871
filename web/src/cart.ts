// The cart lives in localStorage so it survives reloads and sign-in; prices are those last seen
// in the catalogue and go to placeOrder as unitPrice (the server answers PriceMismatch if stale).
import type { Money, Product } from './api/types.ts';

export interface CartLine { productId: string; name: string; imageUrl?: string | null; unitPrice: Money; quantity: number }

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

export function addToCart(product: Product, quantity: number): void {
  const lines = readCart();
  const line = lines.find((l) => l.productId === product.id);
  if (line) line.quantity = Math.min(MAX_QUANTITY, line.quantity + quantity);
  else lines.push({ productId: product.id, name: product.name, imageUrl: product.imageUrl, unitPrice: product.price, quantity });
  write(lines);
}

export function setQuantity(productId: string, quantity: number): void {
  write(readCart().flatMap((l) => (l.productId !== productId ? [l] : quantity > 0 ? [{ ...l, quantity: Math.min(MAX_QUANTITY, quantity) }] : [])));
}

/** Replaces stale prices with the catalogue's (after PriceMismatch). */
export function refreshPrices(products: Product[]): void {
  write(readCart().map((l) => {
    const p = products.find((x) => x.id === l.productId);
    return p ? { ...l, unitPrice: p.price, name: p.name } : l;
  }));
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
