// Staff's orders: an index (by status or customer email, a date range, a name, newest or oldest
// first, page by page; the filters live in the URL so a view can be shared and reloaded) and one
// order's page (items, money at the provider, history, refunds, executions and the actions the
// viewer's groups allow). Support's order page follows the order live.
import { html, nothing } from 'lit-html';
import { state, update, type Page } from '../../app.ts';
import { gql, subscribe } from '../../api/client.ts';
import { cancelOrder, getStaffOrder, onOrderUpdated, orderByNumber, orderExecutions, searchOrders } from '../../api/documents.ts';
import { ORDER_STATUSES, type Connection, type ExecutionSummary, type Money, type Order, type OrderStatus } from '../../api/types.ts';
import { describeError, errorType } from '../../errors.ts';
import { formatDate, formatMoney, humanStatus } from '../../format.ts';
import { currentRoute, href, navigate } from '../../router.ts';
import { toast } from '../../toast.ts';
import { formValues, loading, notice, statusBadge } from '../../ui.ts';
import { address, history, orderItems, orderLabel, refundSummary, tracking } from '../timeline.ts';
import { executionTable } from './executions.ts';
import { orderTable } from './order-table.ts';
import { redrive } from './support.ts';

const PAGE_SIZE = 25;
const FILTER_KEYS = ['number', 'email', 'status', 'name', 'from', 'to', 'sort'] as const;
type Filters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

function filtersFromUrl(): Filters {
  const query = currentRoute().query;
  const filters: Filters = {};
  for (const key of FILTER_KEYS) {
    const value = query.get(key);
    if (value) filters[key] = value;
  }
  if (!filters.number && !filters.email && !filters.status) filters.status = 'PLACED';
  return filters;
}

const dayStart = (day: string) => `${day}T00:00:00.000Z`;
const dayEnd = (day: string) => `${day}T23:59:59.999Z`;

export function ordersIndex(): Page {
  const filters = filtersFromUrl();
  const tokens: (string | null)[] = [null];
  let pageIndex = 0;
  let orders: Order[] | undefined;
  let nextToken: string | null = null;
  let error: string | undefined;
  let busy = false;

  const load = async () => {
    busy = true; error = undefined; update();
    try {
      if (filters.number) {
        orders = [(await gql<{ orderByNumber: Order }>(orderByNumber, { number: filters.number })).orderByNumber];
        nextToken = null;
      } else {
        const filter = {
          ...(filters.email ? { email: filters.email } : {}), ...(filters.status ? { status: filters.status } : {}),
          ...(filters.name ? { name: filters.name } : {}), ...(filters.from ? { from: dayStart(filters.from) } : {}),
          ...(filters.to ? { to: dayEnd(filters.to) } : {}), sort: filters.sort === 'OLDEST' ? 'OLDEST' : 'NEWEST',
        };
        const page = (await gql<{ searchOrders: Connection<Order> }>(searchOrders, { filter, limit: PAGE_SIZE, nextToken: tokens[pageIndex] })).searchOrders;
        orders = page.items;
        nextToken = page.nextToken ?? null;
      }
    } catch (e) {
      orders = [];
      error = errorType(e) === 'NotFound' && filters.number ? `No order has the number ${filters.number.toUpperCase()}.` : describeError(e);
    }
    busy = false; update();
  };

  const submit = (event: Event) => {
    const v = formValues(event);
    const query = new URLSearchParams();
    for (const key of FILTER_KEYS) if (v[key]) query.set(key, v[key]!);
    navigate(`/console/orders?${query.toString()}`);
  };
  const go = (delta: number) => () => {
    if (delta > 0 && nextToken) { tokens[pageIndex + 1] = nextToken; pageIndex++; }
    if (delta < 0 && pageIndex > 0) pageIndex--;
    void load();
  };

  void load();
  return {
    title: 'Orders',
    view: () => html`
      <h1 tabindex="-1">Orders</h1>
      <form class="filters card" aria-label="Find orders" @submit=${submit}>
        <div class="field"><label for="f-number">Order number</label><input id="f-number" name="number" .value=${filters.number ?? ''} placeholder="BS-10042"></div>
        <div class="field"><label for="f-email">Customer email</label><input id="f-email" name="email" type="email" .value=${filters.email ?? ''}></div>
        <div class="field"><label for="f-name">Customer name</label><input id="f-name" name="name" .value=${filters.name ?? ''}></div>
        <div class="field"><label for="f-status">Status</label>
          <select id="f-status" name="status">
            <option value="" ?selected=${!filters.status}>Any (with an email)</option>
            ${ORDER_STATUSES.map((s) => html`<option value=${s} ?selected=${filters.status === s}>${humanStatus(s)}</option>`)}
          </select></div>
        <div class="field"><label for="f-from">Placed from</label><input id="f-from" name="from" type="date" .value=${filters.from ?? ''}></div>
        <div class="field"><label for="f-to">Placed until</label><input id="f-to" name="to" type="date" .value=${filters.to ?? ''}></div>
        <div class="field"><label for="f-sort">Sort</label>
          <select id="f-sort" name="sort">
            <option value="NEWEST" ?selected=${filters.sort !== 'OLDEST'}>Newest first</option>
            <option value="OLDEST" ?selected=${filters.sort === 'OLDEST'}>Oldest first</option>
          </select></div>
        <div class="field"><button class="button" type="submit" ?disabled=${busy}>Find orders</button></div>
      </form>
      ${notice('error', error)}
      ${!orders ? loading() : orders.length === 0 ? (error ? nothing : html`<p role="status">No orders match.</p>`) : html`
        ${orderTable(orders, `Orders, page ${pageIndex + 1}`, true)}
        <nav class="pager" aria-label="Pages">
          <button type="button" class="button button-secondary" ?disabled=${busy || pageIndex === 0} @click=${go(-1)}>Previous page</button>
          <span>Page ${pageIndex + 1}</span>
          <button type="button" class="button button-secondary" ?disabled=${busy || !nextToken} @click=${go(1)}>Next page</button>
        </nav>`}`,
  };
}

const CANCELLABLE: OrderStatus[] = ['PLACED', 'PACKING', 'PACKED'];

function moneyRow(label: string, money: Money | null | undefined) {
  return html`<dt>${label}</dt><dd>${money ? formatMoney(money) : '—'}</dd>`;
}

export function staffOrder(id: string): Page {
  const groups = state.session?.groups ?? [];
  const support = groups.includes('support');
  let order: Order | null | undefined;
  let executions: ExecutionSummary[] | undefined;
  let error: string | undefined;
  let busy = false;

  const load = async () => {
    try {
      const [o, x] = await Promise.all([
        gql<{ order: Order | null }>(getStaffOrder, { id }),
        support ? gql<{ orderExecutions: ExecutionSummary[] }>(orderExecutions, { orderId: id }) : Promise.resolve(undefined),
      ]);
      order = o.order;
      executions = x?.orderExecutions;
    } catch (e) {
      error = describeError(e);
    }
    busy = false; update();
  };
  const stops: (() => void)[] = [];
  if (support) {
    // Only support receives every order's updates (API.md §1); the page follows this one.
    stops.push(subscribe<{ onOrderUpdated: Pick<Order, 'id' | 'status'> | null }>(onOrderUpdated, { id }, (data) => {
      if (data.onOrderUpdated?.id !== id) return;
      toast(`Order ${order ? orderLabel(order) : ''} is now ${humanStatus(data.onOrderUpdated.status).toLowerCase()}.`);
      void load();
    }, () => undefined));
  }
  const cancel = async () => {
    if (!order || !confirm(`Cancel order ${orderLabel(order)}? The shopper's payment is released or refunded.`)) return;
    busy = true; error = undefined; update();
    try {
      await gql(cancelOrder, { id });
      toast(`Order ${orderLabel(order)} is being cancelled.`);
      await load();
    } catch (e) {
      error = describeError(e);
      busy = false; update();
    }
  };
  void load();

  return {
    title: 'Order',
    leave: () => stops.forEach((stop) => stop()),
    view: () => {
      const o = order;
      return html`
      <p class="breadcrumb"><a href=${href('/console/orders')}>Orders</a> › ${o ? orderLabel(o) : 'Order'}</p>
      <h1 tabindex="-1" data-order-id=${id}>Order <span class="order-number">${o ? orderLabel(o) : ''}</span></h1>
      ${notice('error', error)}
      ${o === undefined && !error ? loading() : o === null ? html`<p>No such order.</p>` : o ? html`
        <p>Status: ${statusBadge(o.status)} · placed <time datetime=${o.createdAt}>${formatDate(o.createdAt)}</time>
          · ${o.deliveryAddress.name}${o.customerEmail ? html` (<a href=${href(`/console/orders?email=${encodeURIComponent(o.customerEmail)}`)}>${o.customerEmail}</a>)` : nothing}</p>
        <p class="muted small">Order id <span class="mono">${o.id}</span></p>
        ${tracking(o)}
        <div class="columns">
          <section aria-labelledby="it-h"><h2 id="it-h">Items</h2>${orderItems(o)}</section>
          <section aria-labelledby="money-h"><h2 id="money-h">Money</h2>
            <dl class="money-facts">${moneyRow('Order total', o.total)}${moneyRow('Authorised', o.payment?.authorised)}${moneyRow('Captured', o.payment?.captured)}
              ${moneyRow('Refunded', o.payment?.refunded)}${moneyRow('Still refundable', o.payment?.refundable)}</dl>
            <h2>Delivery address</h2>${address(o)}</section>
          <section aria-labelledby="tl-h"><h2 id="tl-h">History</h2>${history(o)}</section>
        </div>
        ${o.refunds.length ? html`<section aria-labelledby="rf-h"><h2 id="rf-h">Refunds</h2><ul class="plain">${o.refunds.map(refundSummary)}</ul></section>` : nothing}
        ${support && CANCELLABLE.includes(o.status) ? html`<p><button type="button" class="button button-danger" ?disabled=${busy} @click=${cancel}>Cancel order</button></p>` : nothing}
        ${support ? html`<section aria-labelledby="ex-h"><h2 id="ex-h">Executions</h2>
          ${executions ? executionTable(executions, (arn) => {
            busy = true; update();
            void redrive(arn, load, (text, ok) => { if (ok) { toast(text); error = undefined; } else { error = text; } });
          }, busy, 'Saga executions of this order') : loading()}
        </section>` : nothing}` : nothing}
      <p><button type="button" class="button button-secondary" @click=${() => { void load(); }}>Refresh</button>
        <button type="button" class="button button-secondary" @click=${() => navigate('/console/orders')}>Back to orders</button></p>`;
    },
  };
}
