// Warehouse: the packing queue (orders in PACKING with items and address), confirm packed with
// the number of packages, report packing failed, and restock.
import { html } from 'lit-html';
import { update, type Page } from '../../app.ts';
import { gql } from '../../api/client.ts';
import { confirmPacked, packingQueue, reportPackingFailed, restock } from '../../api/documents.ts';
import type { Connection, Order, Product } from '../../api/types.ts';
import { describeError } from '../../errors.ts';
import { formatDate } from '../../format.ts';
import { describedBy, fieldError, focusFirstError, invalid, type FieldErrors } from '../../fields.ts';
import { toast } from '../../toast.ts';
import { formValues, loading, notice } from '../../ui.ts';
import { address, orderLabel } from '../timeline.ts';
import { SettledIds } from './settled.ts';
import { loadCatalogue } from '../store/catalogue-data.ts';

export function warehousePage(): Page {
  let queue: Order[] | undefined;
  let products: Product[] = [];
  let error: string | undefined;
  let info: string | undefined;
  const busy = new Set<string>();
  const fields: FieldErrors = {};
  // A packed or failed order leaves the queue at once (the saga marks it a moment later).
  const settled = new SettledIds();

  const load = async () => {
    try {
      queue = (await gql<{ packingQueue: Connection<Order> }>(packingQueue, { limit: 50 })).packingQueue.items.filter((o) => !settled.has(o.id));
    } catch (e) {
      error = describeError(e);
    }
    update();
  };
  const act = async (id: string, run: () => Promise<string>) => {
    busy.add(id); error = undefined; info = undefined; update();
    try {
      const done = await run();
      toast(done);
      if (id !== 'restock') {
        settled.add(id);
        queue = queue?.filter((o) => o.id !== id);
      } else {
        info = done;
      }
    } catch (e) {
      error = describeError(e);
      void load();
    }
    busy.delete(id); update();
  };
  const packed = (o: Order) => (event: Event) => {
    const packages = Number(formValues(event).packages);
    void act(o.id, async () => {
      await gql(confirmPacked, { orderId: o.id, packages });
      return `Order ${orderLabel(o)} packed in ${packages} package${packages === 1 ? '' : 's'}.`;
    });
  };
  const failed = (o: Order) => (event: Event) => {
    const form = (event.target as HTMLElement).closest('li');
    const reason = (form?.querySelector(`#reason-${CSS.escape(o.id)}`) as HTMLInputElement | null)?.value.trim();
    fields[`reason-${o.id}`] = reason ? undefined : 'Say why the order cannot be packed.';
    if (!reason) { update(); focusFirstError(fields); return; }
    void act(o.id, async () => {
      await gql(reportPackingFailed, { orderId: o.id, reason });
      return `Order ${orderLabel(o)} reported as not packable; the shopper's payment is released.`;
    });
  };
  const receive = (event: Event) => {
    const v = formValues(event);
    const quantity = Number(v.quantity);
    void act('restock', async () => {
      const p = (await gql<{ restock: Product }>(restock, { productId: v.productId, quantity, note: v.note || null })).restock;
      products = products.map((x) => (x.id === p.id ? p : x));
      return `${p.name}: stock is now ${p.stock}.`;
    });
  };
  void load();
  loadCatalogue().then((all) => { products = all; update(); }, () => undefined);

  return {
    title: 'Warehouse',
    view: () => html`
      <h1 tabindex="-1">Warehouse</h1>
      ${notice('success', info)}${notice('error', error)}
      <section aria-labelledby="queue-h">
        <h2 id="queue-h">Packing queue <button type="button" class="button button-secondary button-small" @click=${() => void load()}>Refresh</button></h2>
        ${!queue ? loading() : queue.length === 0 ? html`<p>Nothing to pack.</p>` : html`<ul class="plain">${queue.map((o) => html`
          <li class="card pack-card" data-order-id=${o.id}>
            <h3>Order <span class="order-number">${orderLabel(o)}</span></h3>
            <p class="muted small">Placed ${formatDate(o.createdAt)}</p>
            <div class="columns">
              <ul>${o.items.map((i) => html`<li><strong>${i.quantity}</strong> × ${i.name} <span class="muted mono small">${i.productId}</span></li>`)}</ul>
              ${address(o)}
            </div>
            <form class="inline-form" @submit=${packed(o)}>
              <div class="field field-small"><label for="packages-${o.id}">Packages</label>
                <input id="packages-${o.id}" name="packages" type="number" min="1" max="20" value="1" required></div>
              <button class="button" type="submit" ?disabled=${busy.has(o.id)}>Confirm packed <span class="visually-hidden">order ${orderLabel(o)}</span></button>
            </form>
            <div class="inline-form">
              <div class="field"><label for="reason-${o.id}">Problem</label><input id="reason-${o.id}" placeholder="e.g. damaged in stock"
                aria-invalid=${invalid(fields, `reason-${o.id}`)} aria-describedby=${describedBy(fields, `reason-${o.id}`)}>${fieldError(fields, `reason-${o.id}`)}</div>
              <button class="button button-danger" type="button" ?disabled=${busy.has(o.id)} @click=${failed(o)}>Report packing failed <span class="visually-hidden">order ${orderLabel(o)}</span></button>
            </div>
          </li>`)}</ul>`}
      </section>
      <section aria-labelledby="restock-h" class="card">
        <h2 id="restock-h">Restock</h2>
        <form class="inline-form" @submit=${receive}>
          <div class="field"><label for="restock-product">Product</label>
            <select id="restock-product" name="productId" required>${products.map((p) => html`<option value=${p.id}>${p.name} (stock ${p.stock})</option>`)}</select></div>
          <div class="field field-small"><label for="restock-quantity">Quantity</label>
            <input id="restock-quantity" name="quantity" type="number" required value="10" aria-describedby="restock-hint"></div>
          <div class="field"><label for="restock-note">Note</label><input id="restock-note" name="note"></div>
          <button class="button" type="submit" ?disabled=${busy.has('restock')}>Restock</button>
        </form>
        <p class="hint" id="restock-hint">Negative for write-offs; stock never drops below what is reserved.</p>
      </section>`,
  };
}
