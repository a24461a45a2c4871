// Support: find orders (by id, shopper or status), read an order's timeline (history plus its
// saga executions), list failed executions with error and cause, read an execution's history, redrive.
import { html, nothing } from 'lit-html';
import { update, type Page } from '../../app.ts';
import { gql } from '../../api/client.ts';
import { executionHistory, failedExecutions, getOrder, orderByNumber, redriveExecution, searchOrders } from '../../api/documents.ts';
import type { Connection, ExecutionEvent, ExecutionSummary, Order } from '../../api/types.ts';
import { describeError, errorType } from '../../errors.ts';
import { describedBy, fieldError, focusFirstError, invalid, type FieldErrors } from '../../fields.ts';
import { formatDate, humanStatus } from '../../format.ts';
import { href, navigate } from '../../router.ts';
import { canonicalOrderId, isOrderId } from '../../order-ids.ts';
import { formValues, loading, notice } from '../../ui.ts';
import { executionTable } from './executions.ts';
import { orderTable } from './order-table.ts';

// Support's look-up: one box for what a caller reads out: an order number (BS-10042), their
// email, or an order id. An email lists the customer's orders (each with its refunds).
const search: { query: string; results?: Order[]; customer?: string; errors: FieldErrors; busy: boolean } = { query: '', errors: {}, busy: false };
const failed: { machine: 'Fulfilment' | 'Refund'; items?: ExecutionSummary[]; error?: string; info?: string; busy: boolean } = { machine: 'Fulfilment', busy: false };

async function runSearch(event: Event): Promise<void> {
  const query = (formValues(event).query ?? '').trim();
  search.query = query;
  search.errors = {};
  search.customer = undefined;
  if (!query) {
    search.errors['support-query'] = 'Enter an order number (BS-10042), the customer\'s email, or an order id.';
    update(); focusFirstError(search.errors); return;
  }
  search.busy = true; update();
  try {
    if (query.includes('@')) {
      search.results = (await gql<{ searchOrders: Connection<Order> }>(searchOrders, { filter: { email: query }, limit: 50 })).searchOrders.items;
      search.customer = query.toLowerCase();
    } else if (isOrderId(query)) {
      const { order } = await gql<{ order: Order | null }>(getOrder, { id: canonicalOrderId(query) });
      search.results = order ? [order] : [];
    } else {
      search.results = [(await gql<{ orderByNumber: Order }>(orderByNumber, { number: query })).orderByNumber];
    }
  } catch (e) {
    search.results = undefined;
    search.errors['support-query'] = errorType(e) === 'NotFound' ? `No order has the number ${query.toUpperCase()}.` : describeError(e);
    focusFirstError(search.errors);
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

export async function redrive(arn: string, after: () => Promise<void>, report: (text: string, ok: boolean) => void): Promise<void> {
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
        <h2 id="search-h">Find a customer or an order</h2>
        <form class="inline-form" @submit=${runSearch} novalidate>
          <div class="field"><label for="support-query">Order number, customer email or order id</label>
            <input id="support-query" name="query" .value=${search.query} autocomplete="off" aria-invalid=${invalid(search.errors, 'support-query')}
              aria-describedby=${describedBy(search.errors, 'support-query', 'support-query-hint')}>
            <p class="hint" id="support-query-hint">For example BS-10042 or sam@example.com. <a href=${href('/console/orders')}>All orders by status and date</a>.</p>
            ${fieldError(search.errors, 'support-query')}</div>
          <button class="button" type="submit" ?disabled=${search.busy}>Search</button>
        </form>
        ${search.customer && search.results ? html`<h3>Customer ${search.customer}</h3>
          <p>${search.results.length} order${search.results.length === 1 ? '' : 's'} · ${search.results.reduce((n, o) => n + o.refunds.length, 0)} refund requests</p>` : nothing}
        ${search.results ? (search.results.length === 0 ? html`<p role="status">No orders found.</p>` : orderTable(search.results, 'Orders found', true)) : nothing}
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
