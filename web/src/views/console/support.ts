// Support: find orders (by id, shopper or status), read an order's timeline (history plus its
// saga executions), list failed executions with error and cause, read an execution's history, redrive.
import { html, nothing } from 'lit-html';
import { update, type Page } from '../../app.ts';
import { gql } from '../../api/client.ts';
import {
  executionHistory, failedExecutions, getOrder, orderExecutions, ordersByStatus, ordersByUser, redriveExecution,
} from '../../api/documents.ts';
import { ORDER_STATUSES, type Connection, type ExecutionEvent, type ExecutionSummary, type Order } from '../../api/types.ts';
import { describeError } from '../../errors.ts';
import { formatDate, formatMoney, humanStatus } from '../../format.ts';
import { href, navigate } from '../../router.ts';
import { formValues, loading, notice, statusBadge } from '../../ui.ts';
import { address, history, orderItems, refundSummary } from '../timeline.ts';
import { executionTable } from './executions.ts';

const search: { by: 'id' | 'user' | 'status'; results?: Order[]; error?: string; busy: boolean } = { by: 'status', busy: false };
const failed: { machine: 'Fulfilment' | 'Refund'; items?: ExecutionSummary[]; error?: string; info?: string; busy: boolean } = { machine: 'Fulfilment', busy: false };

async function runSearch(event: Event): Promise<void> {
  const v = formValues(event);
  search.busy = true; search.error = undefined; update();
  try {
    if (search.by === 'id') {
      const { order } = await gql<{ order: Order | null }>(getOrder, { id: v.query });
      search.results = order ? [order] : [];
    } else if (search.by === 'user') {
      search.results = (await gql<{ ordersByUser: Connection<Order> }>(ordersByUser, { userId: v.query, limit: 50 })).ordersByUser.items;
    } else {
      search.results = (await gql<{ ordersByStatus: Connection<Order> }>(ordersByStatus, { status: v.status, limit: 50 })).ordersByStatus.items;
    }
  } catch (e) {
    search.error = describeError(e);
    search.results = undefined;
  }
  search.busy = false; update();
}

async function loadFailed(): Promise<void> {
  failed.busy = true; failed.error = undefined; update();
  try {
    failed.items = (await gql<{ failedExecutions: Connection<ExecutionSummary> }>(failedExecutions, { stateMachine: failed.machine, limit: 50 })).failedExecutions.items;
  } catch (e) {
    failed.error = describeError(e);
  }
  failed.busy = false; update();
}

async function redrive(arn: string, after: () => Promise<void>, report: (text: string, ok: boolean) => void): Promise<void> {
  try {
    const result = (await gql<{ redriveExecution: ExecutionSummary }>(redriveExecution, { executionArn: arn })).redriveExecution;
    report(`Redrove ${result.name}: ${humanStatus(result.status)}.`, true);
  } catch (e) {
    report(describeError(e), false);
  }
  await after();
}

export function supportHome(): Page {
  void loadFailed();
  return {
    title: 'Support',
    view: () => html`
      <h1 tabindex="-1">Support</h1>
      <section aria-labelledby="search-h" class="card">
        <h2 id="search-h">Find orders</h2>
        <form class="inline-form" @submit=${runSearch}>
          <div class="field"><label for="search-by">Search by</label>
            <select id="search-by" @change=${(e: Event) => { search.by = (e.target as HTMLSelectElement).value as typeof search.by; update(); }}>
              <option value="status" ?selected=${search.by === 'status'}>Status</option>
              <option value="id" ?selected=${search.by === 'id'}>Order id</option>
              <option value="user" ?selected=${search.by === 'user'}>Shopper (user id)</option>
            </select></div>
          ${search.by === 'status' ? html`<div class="field"><label for="search-status">Status</label>
              <select id="search-status" name="status">${ORDER_STATUSES.map((s) => html`<option value=${s}>${humanStatus(s)}</option>`)}</select></div>`
            : html`<div class="field"><label for="search-query">${search.by === 'id' ? 'Order id' : 'Shopper user id'}</label>
              <input id="search-query" name="query" required class="mono"></div>`}
          <button class="button" type="submit" ?disabled=${search.busy}>Search</button>
        </form>
        ${notice('error', search.error)}
        ${search.results ? (search.results.length === 0 ? html`<p role="status">No orders found.</p>` : html`<div class="table-wrap" tabindex="0" role="region" aria-label="Orders found"><table class="table">
          <caption>${search.results.length} orders</caption>
          <thead><tr><th scope="col">Order</th><th scope="col">Status</th><th scope="col">Shopper</th><th scope="col">Total</th><th scope="col">Placed</th></tr></thead>
          <tbody>${search.results.map((o) => html`<tr>
            <td><a class="mono" href=${href(`/console/support/order/${encodeURIComponent(o.id)}`)}>${o.id}</a></td>
            <td>${statusBadge(o.status)}</td><td class="mono small">${o.userId}</td><td>${formatMoney(o.total)}</td>
            <td><time datetime=${o.createdAt}>${formatDate(o.createdAt)}</time></td></tr>`)}</tbody></table></div>`) : nothing}
      </section>
      <section aria-labelledby="failed-h" class="card">
        <h2 id="failed-h">Failed executions</h2>
        <form class="inline-form" @submit=${(e: Event) => { e.preventDefault(); void loadFailed(); }}>
          <div class="field"><label for="machine">State machine</label>
            <select id="machine" @change=${(e: Event) => { failed.machine = (e.target as HTMLSelectElement).value as typeof failed.machine; void loadFailed(); }}>
              <option value="Fulfilment" ?selected=${failed.machine === 'Fulfilment'}>Fulfilment</option>
              <option value="Refund" ?selected=${failed.machine === 'Refund'}>Refund</option>
            </select></div>
          <button class="button button-secondary" type="submit" ?disabled=${failed.busy}>Refresh</button>
        </form>
        ${notice('success', failed.info)}
        ${notice('error', failed.error)}
        ${failed.items ? executionTable(failed.items, (arn) => {
          failed.busy = true; update();
          void redrive(arn, loadFailed, (text, ok) => { if (ok) { failed.info = text; } else { failed.error = text; } });
        }, failed.busy, `Failed ${failed.machine} executions`) : failed.error ? nothing : loading()}
      </section>`,
  };
}

export function supportOrder(id: string): Page {
  let order: Order | null | undefined;
  let executions: ExecutionSummary[] | undefined;
  let error: string | undefined;
  let info: string | undefined;
  let busy = false;
  const load = async () => {
    try {
      const [o, x] = await Promise.all([
        gql<{ order: Order | null }>(getOrder, { id }),
        gql<{ orderExecutions: ExecutionSummary[] }>(orderExecutions, { orderId: id }),
      ]);
      order = o.order;
      executions = x.orderExecutions;
    } catch (e) {
      error = describeError(e);
    }
    busy = false; update();
  };
  void load();
  return {
    title: 'Order timeline',
    view: () => html`
      <p class="breadcrumb"><a href=${href('/console/support')}>Support</a> › Order</p>
      <h1 tabindex="-1">Order <span class="mono">${id}</span></h1>
      ${notice('success', info)}${notice('error', error)}
      ${order === undefined && !error ? loading() : order === null ? html`<p>No such order.</p>` : order ? html`
        <p>Status: ${statusBadge(order.status)} · shopper <span class="mono">${order.userId}</span> · ${formatMoney(order.total)}</p>
        <div class="columns">
          <section aria-labelledby="tl-h"><h2 id="tl-h">Timeline</h2>${history(order)}</section>
          <section aria-labelledby="it-h"><h2 id="it-h">Items</h2>${orderItems(order)}<h2>Address</h2>${address(order)}</section>
        </div>
        ${order.refunds.length ? html`<h2>Refunds</h2><ul class="plain">${order.refunds.map(refundSummary)}</ul>` : nothing}
        <section aria-labelledby="ex-h"><h2 id="ex-h">Executions</h2>
          ${executions ? executionTable(executions, (arn) => {
            busy = true; update();
            void redrive(arn, load, (text, ok) => { if (ok) { info = text; error = undefined; } else { error = text; } });
          }, busy, 'Saga executions of this order') : loading()}
        </section>` : nothing}`,
  };
}

export function supportExecution(arn: string): Page {
  let events: ExecutionEvent[] | undefined;
  let error: string | undefined;
  void (async () => {
    try {
      const all: ExecutionEvent[] = [];
      let nextToken: string | null | undefined;
      do {
        const page = (await gql<{ executionHistory: { events: ExecutionEvent[]; nextToken?: string | null } }>(executionHistory, { executionArn: arn, nextToken })).executionHistory;
        all.push(...page.events);
        nextToken = page.nextToken;
      } while (nextToken);
      events = all;
    } catch (e) {
      error = describeError(e);
    }
    update();
  })();
  const name = arn.split(':').pop() ?? arn;
  return {
    title: 'Execution history',
    view: () => html`
      <p class="breadcrumb"><a href=${href('/console/support')}>Support</a> › Execution</p>
      <h1 tabindex="-1">Execution <span class="mono">${name}</span></h1>
      <p class="mono small">${arn}</p>
      ${notice('error', error)}
      ${name.startsWith('order-') ? html`<p><a href=${href(`/console/support/order/${encodeURIComponent(name.slice('order-'.length))}`)}>Open the order's timeline</a></p>` : nothing}
      ${!events ? (error ? nothing : loading()) : html`<div class="table-wrap" tabindex="0" role="region" aria-label="Execution events"><table class="table">
        <caption>${events.length} events</caption>
        <thead><tr><th scope="col">#</th><th scope="col">Type</th><th scope="col">Time</th><th scope="col">Detail</th></tr></thead>
        <tbody>${events.map((ev) => html`<tr class=${/Failed|TimedOut|Aborted/.test(ev.type) ? 'row-failed' : ''}>
          <td>${ev.id}</td><td class="mono">${ev.type}</td><td><time datetime=${ev.timestamp}>${formatDate(ev.timestamp)}</time></td>
          <td>${ev.detail ? html`<pre class="detail">${pretty(ev.detail)}</pre>` : nothing}</td></tr>`)}</tbody></table></div>`}
      <p><button type="button" class="button button-secondary" @click=${() => navigate('/console/support')}>Back</button></p>`,
  };
}

function pretty(json: string): string {
  try {
    return JSON.stringify(typeof json === 'string' ? JSON.parse(json) : json, null, 2);
  } catch {
    return String(json);
  }
}
