// A short confirmation after an action ("Order BS-10042 packed"), announced politely to screen
// readers and gone after a few seconds. The layout renders it in a live region that is always there.
import { html, nothing } from 'lit-html';

let current: { text: string; id: number } | undefined;
let next = 0;
let rerender: () => void = () => undefined;

export function bindToasts(update: () => void): void {
  rerender = update;
}

export function toast(text: string, ms = 6000): void {
  const id = ++next;
  current = { text, id };
  rerender();
  setTimeout(() => {
    if (current?.id === id) { current = undefined; rerender(); }
  }, ms);
}

export function toastRegion() {
  return html`<div class="toast-region" role="status" aria-live="polite">${current ? html`<div class="toast" data-testid="toast">${current.text}</div>` : nothing}</div>`;
}
