// Small shared pieces of markup: notices, status badges, money, product images.
import { html, nothing, type TemplateResult } from 'lit-html';
import type { Money } from './api/types.ts';
import { formatMoney, humanStatus } from './format.ts';

/** An error or success message announced to screen readers. */
export function notice(kind: 'error' | 'success' | 'info', text: string | undefined): TemplateResult | typeof nothing {
  if (!text) return nothing;
  return html`<div class="notice notice-${kind}" role=${kind === 'error' ? 'alert' : 'status'}>${text}</div>`;
}

export function statusBadge(status: string): TemplateResult {
  return html`<span class="badge badge-${status.toLowerCase()}">${humanStatus(status)}</span>`;
}

export function price(money: Money): TemplateResult {
  return html`<span class="price">${formatMoney(money)}</span>`;
}

export function productImage(url: string | null | undefined, alt: string, size: 'card' | 'large' | 'thumb' = 'card'): TemplateResult {
  return html`<img class="product-image product-image-${size}" src=${url ?? '/images/products/accessory.svg'} alt=${alt}
    width="320" height="200">`;
}

export function loading(label = 'Loading'): TemplateResult {
  return html`<p class="loading" role="status" aria-live="polite">${label}…</p>`;
}

/** Reads a submitted form's fields as strings. */
export function formValues(event: Event): Record<string, string> {
  event.preventDefault();
  const values: Record<string, string> = {};
  new FormData(event.currentTarget as HTMLFormElement).forEach((value, key) => { values[key] = typeof value === 'string' ? value.trim() : ''; });
  return values;
}

/** An async value a page shows while it loads. */
export interface Remote<T> { state: 'idle' | 'loading' | 'ok' | 'error'; data?: T; error?: string }

export function idle<T>(): Remote<T> {
  return { state: 'idle' };
}
