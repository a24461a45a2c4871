// Delivery: shipped parcels waiting for the carrier's news, oldest first, each with its tracking
// number and the carrier's tracking link. Report in transit (history only), delivered (the order
// ends DELIVERED) or failed (the shopper is refunded in full), with a note. A reported parcel
// leaves the list at once; the list refreshes itself while the page is open.
import { html, nothing } from 'lit-html';
import { update, type Page } from '../../app.ts';
import { gql } from '../../api/client.ts';
import { deliveryQueue, updateDelivery } from '../../api/documents.ts';
import type { Connection, Order } from '../../api/types.ts';
import { describeError } from '../../errors.ts';
import { describedBy, fieldError, focusAfterRender, focusFirstError, invalid, type FieldErrors } from '../../fields.ts';
import { formatDate } from '../../format.ts';
import { toast } from '../../toast.ts';
import { loading, notice } from '../../ui.ts';
import { address, historyNote, orderLabel, tracking } from '../timeline.ts';
import { SettledIds } from './settled.ts';

type Update = 'IN_TRANSIT' | 'DELIVERED' | 'FAILED';

const DONE: Record<Update, (label: string) => string> = {
  IN_TRANSIT: (label) => `Order ${label} is in transit.`,
  DELIVERED: (label) => `Order ${label} delivered.`,
  FAILED: (label) => `Order ${label} reported as failed: the shopper is refunded in full and returned goods are restocked.`,
};

function itemCount(o: Order): string {
  const n = o.items.reduce((sum, i) => sum + i.quantity, 0);
  return `${n} item${n === 1 ? '' : 's'}`;
}

export function deliveryPage(): Page {
  let queue: Order[] | undefined;
  let loadError: string | undefined;
  const cardErrors = new Map<string, string>();
  const fields: FieldErrors = {};
  const busy = new Set<string>();
  const settled = new SettledIds();

  const load = async () => {
    try {
      const items = (await gql<{ deliveryQueue: Connection<Order> }>(deliveryQueue, { limit: 100 })).deliveryQueue.items;
      queue = items.filter((o) => !settled.has(o.id));
      loadError = undefined;
    } catch (e) {
      loadError = describeError(e);
    }
    update();
  };

  const report = (o: Order, status: Update) => async () => {
    const noteId = `note-${o.id}`;
    const note = (document.getElementById(noteId) as HTMLTextAreaElement | null)?.value.trim() ?? '';
    cardErrors.delete(o.id);
    fields[noteId] = status === 'FAILED' && !note ? 'Say what happened to the parcel (lost, refused, returned); the shopper will see it.' : undefined;
    if (fields[noteId]) { update(); focusFirstError(fields); return; }
    busy.add(o.id); update();
    try {
      const updated = (await gql<{ updateDelivery: Order }>(updateDelivery, { orderId: o.id, status, note: note || null })).updateDelivery;
      toast(DONE[status](orderLabel(o)));
      if (status === 'IN_TRANSIT') {
        queue = queue?.map((x) => (x.id === o.id ? { ...x, ...updated } : x));
        const input = document.getElementById(noteId) as HTMLTextAreaElement | null;
        if (input) input.value = '';
      } else {
        settled.add(o.id);
        queue = queue?.filter((x) => x.id !== o.id);
      }
    } catch (e) {
      cardErrors.set(o.id, describeError(e));
      focusAfterRender(`delivery-error-${o.id}`);
    }
    busy.delete(o.id); update();
  };

  void load();
  const timer = setInterval(() => { void load(); }, 15_000);

  const card = (o: Order) => {
    const noteId = `note-${o.id}`;
    const lastNote = [...o.history].reverse().find((h) => h.status === 'SHIPPED' && h.note)?.note;
    const ready = o.shipment?.awaitingDelivery ?? false;
    const shippedAt = [...o.history].reverse().find((h) => h.status === 'SHIPPED')?.at ?? o.updatedAt;
    return html`<li class="card delivery-card" data-order-id=${o.id}>
      <h3>Order <span class="order-number">${orderLabel(o)}</span></h3>
      <p class="muted small">Shipped <time datetime=${shippedAt}>${formatDate(shippedAt)}</time> · ${itemCount(o)}</p>
      ${tracking(o)}
      ${lastNote ? html`<p>Last news: ${historyNote(lastNote)}</p>` : nothing}
      <div class="columns">${address(o)}<ul>${o.items.map((i) => html`<li>${i.quantity} × ${i.name}</li>`)}</ul></div>
      <div class="field"><label for=${noteId}>Note <span class="muted">(the shopper sees it in their order's history)</span></label>
        <textarea id=${noteId} rows="2" maxlength="500" aria-invalid=${invalid(fields, noteId)} aria-describedby=${describedBy(fields, noteId)}></textarea>
        ${fieldError(fields, noteId)}</div>
      ${ready ? nothing : html`<p class="hint">The parcel is being handed to the carrier; delivered and failed can be reported in a moment.</p>`}
      <div class="delivery-actions">
        <button type="button" class="button button-secondary" ?disabled=${busy.has(o.id)} @click=${report(o, 'IN_TRANSIT')}>In transit <span class="visually-hidden">order ${orderLabel(o)}</span></button>
        <button type="button" class="button" ?disabled=${busy.has(o.id) || !ready} @click=${report(o, 'DELIVERED')}>Delivered <span class="visually-hidden">order ${orderLabel(o)}</span></button>
        <button type="button" class="button button-danger" ?disabled=${busy.has(o.id) || !ready} @click=${report(o, 'FAILED')}>Delivery failed <span class="visually-hidden">order ${orderLabel(o)}</span></button>
      </div>
      <div id="delivery-error-${o.id}" tabindex="-1">${notice('error', cardErrors.get(o.id))}</div>
    </li>`;
  };

  return {
    title: 'Delivery',
    leave: () => clearInterval(timer),
    view: () => html`
      <h1 tabindex="-1">Delivery</h1>
      ${notice('error', loadError)}
      <section aria-labelledby="transit-h">
        <h2 id="transit-h">Parcels with the carrier <button type="button" class="button button-secondary button-small" @click=${() => void load()}>Refresh</button></h2>
        ${!queue ? (loadError ? nothing : loading()) : queue.length === 0
          ? html`<p>No parcels are waiting for news from the carrier.</p>`
          : html`<p class="muted">${queue.length} parcel${queue.length === 1 ? '' : 's'}, oldest first.</p><ul class="plain">${queue.map(card)}</ul>`}
      </section>`,
  };
}
