// Short confirmations after an action ("Order BS-10042 packed"), announced politely to screen
// readers, each gone after a few seconds. A few can show at once (an action, then the live update
// it causes), newest last. The layout renders them in a live region that is always there.
import { html } from 'lit-html';

const MAX_SHOWN = 3;
let toasts: { text: string; id: number }[] = [];
let next = 0;
let rerender: () => void = () => undefined;

export function bindToasts(update: () => void): void {
  rerender = update;
}

export function toast(text: string, ms = 6000): void {
  const id = ++next;
  toasts = [...toasts, { text, id }].slice(-MAX_SHOWN);
  rerender();
  setTimeout(() => {
    toasts = toasts.filter((t) => t.id !== id);
    rerender();
  }, ms);
}

export function toastRegion() {
  return html`<div class="toast-region" role="status" aria-live="polite">${toasts.map((t) => html`<div class="toast" data-testid="toast">${t.text}</div>`)}</div>`;
}
