// Errors shown next to the control they concern: the control gets aria-invalid and names the
// message in aria-describedby, and the first invalid control takes focus once the page renders.
import { html, nothing } from 'lit-html';

export type FieldErrors = Record<string, string | undefined>;

/** The message under a control whose id is `id`. */
export function fieldError(errors: FieldErrors, id: string) {
  const text = errors[id];
  return text ? html`<p class="field-error" id="${id}-error">${text}</p>` : nothing;
}

/** aria-describedby for a control: its hint (if any) and its error (if any). */
export function describedBy(errors: FieldErrors, id: string, hint?: string): string | typeof nothing {
  const ids = [hint, errors[id] ? `${id}-error` : undefined].filter(Boolean);
  return ids.length ? ids.join(' ') : nothing;
}

export function invalid(errors: FieldErrors, id: string): 'true' | typeof nothing {
  return errors[id] ? 'true' : nothing;
}

/** After the next render, focuses the control with the first error. */
export function focusFirstError(errors: FieldErrors): void {
  const first = Object.keys(errors).find((id) => errors[id]);
  if (!first) return;
  requestAnimationFrame(() => document.getElementById(first)?.focus());
}

/** Focuses an element (by id) after the next render: an error block next to a form. */
export function focusAfterRender(id: string): void {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}
