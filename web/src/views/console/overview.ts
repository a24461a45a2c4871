// The console's overview: what each role needs first thing, from the queries its groups may use.
// Support and finance: today's orders and sales and today's orders by status; finance: refunds
// waiting; support: failed executions; warehouse: the packing queue; delivery: parcels with the
// carrier; warehouse and catalogue: low stock.
import { html, nothing, type TemplateResult } from 'lit-html';
import { state, update, type Page } from '../../app.ts';
import { gql } from '../../api/client.ts';
import { deliveryQueue, failedExecutions, packingQueue, refunds, searchOrders } from '../../api/documents.ts';
import { ORDER_STATUSES, type Connection, type Order, type OrderStatus, type Product } from '../../api/types.ts';
import { describeError } from '../../errors.ts';
import { formatMoney, humanStatus } from '../../format.ts';
import { href } from '../../router.ts';
import { loading, notice } from '../../ui.ts';
import { loadCatalogue } from '../store/catalogue-data.ts';

export const LOW_STOCK = 10;

interface Figures {
  today?: { count: number; sales: number; byStatus: [OrderStatus, number][]; capped: boolean };
  refundsWaiting?: number;
  failed?: number;
  packing?: number;
  delivering?: number;
  lowStock?: Product[];
}

function startOfToday(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())).toISOString();
}

async function countPages<T>(read: (nextToken: string | null) => Promise<Connection<T>>, max = 5): Promise<{ items: T[]; capped: boolean }> {
  const items: T[] = [];
  let token: string | null = null;
  for (let i = 0; i < max; i++) {
    const page = await read(token);
    items.push(...page.items);
    token = page.nextToken ?? null;
    if (!token) return { items, capped: false };
  }
  return { items, capped: true };
}

export function overviewPage(): Page {
  const groups = state.session?.groups ?? [];
  const has = (g: string) => groups.includes(g);
  const figures: Figures = {};
  const errors: string[] = [];
  let pending = 0;

  const run = (job: () => Promise<void>) => {
    pending++;
    job().catch((e: unknown) => { errors.push(describeError(e)); }).finally(() => { pending--; update(); });
  };

  if (has('support') || has('finance')) {
    run(async () => {
      const from = startOfToday();
      const perStatus = await Promise.all(ORDER_STATUSES.map(async (status) => {
        const { items, capped } = await countPages((nextToken) => gql<{ searchOrders: Connection<Order> }>(searchOrders, { filter: { status, from }, limit: 100, nextToken }).then((r) => r.searchOrders));
        return { status, items, capped };
      }));
      const all = perStatus.flatMap((s) => s.items);
      figures.today = {
        count: all.length, sales: all.reduce((sum, o) => sum + o.total.amount, 0),
        byStatus: perStatus.map((s) => [s.status, s.items.length]), capped: perStatus.some((s) => s.capped),
      };
    });
  }
  if (has('finance')) {
    run(async () => {
      figures.refundsWaiting = (await countPages((nextToken) => gql<{ refunds: Connection<unknown> }>(refunds, { status: 'AWAITING_APPROVAL', limit: 100, nextToken }).then((r) => r.refunds))).items.length;
    });
  }
  if (has('support')) {
    run(async () => {
      const [f, r] = await Promise.all((['Fulfilment', 'Refund'] as const).map((stateMachine) =>
        gql<{ failedExecutions: Connection<unknown> }>(failedExecutions, { stateMachine, limit: 100 }).then((x) => x.failedExecutions.items.length)));
      figures.failed = (f ?? 0) + (r ?? 0);
    });
  }
  if (has('warehouse')) {
    run(async () => { figures.packing = (await countPages((nextToken) => gql<{ packingQueue: Connection<unknown> }>(packingQueue, { limit: 100, nextToken }).then((r) => r.packingQueue))).items.length; });
  }
  if (has('delivery')) {
    run(async () => { figures.delivering = (await countPages((nextToken) => gql<{ deliveryQueue: Connection<unknown> }>(deliveryQueue, { limit: 100, nextToken }).then((r) => r.deliveryQueue))).items.length; });
  }
  if (has('warehouse') || has('catalog')) {
    run(async () => { figures.lowStock = (await loadCatalogue(true)).filter((p) => p.onSale && p.stock < LOW_STOCK).sort((a, b) => a.stock - b.stock); });
  }

  const stat = (label: string, value: string | number | undefined, link?: string): TemplateResult | typeof nothing => value === undefined ? nothing
    : html`<li class="stat">${link ? html`<a href=${href(link)}>${label}</a>` : label}<strong>${value}</strong></li>`;

  return {
    title: 'Overview',
    view: () => {
      const f = figures;
      const cap = f.today?.capped ? '+' : '';
      return html`
        <h1 tabindex="-1">Overview</h1>
        <p class="muted">Signed in as ${state.session?.email ?? state.session?.username} · ${groups.map(humanStatus).join(', ')}</p>
        ${errors.map((e) => notice('error', e))}
        <ul class="stats" aria-label="Today at a glance">
          ${stat('Orders today', f.today ? `${f.today.count}${cap}` : undefined, '/console/orders')}
          ${stat('Sales today', f.today ? formatMoney({ amount: f.today.sales, currency: 'USD' }) : undefined)}
          ${stat('Refunds waiting for approval', f.refundsWaiting, '/console/finance')}
          ${stat('Failed executions', f.failed, '/console/support')}
          ${stat('Orders to pack', f.packing, '/console/warehouse')}
          ${stat('Parcels with the carrier', f.delivering, '/console/delivery')}
          ${stat('Products low on stock', f.lowStock?.length, has('catalog') ? '/console/catalog' : '/console/warehouse')}
        </ul>
        ${f.today ? html`<section aria-labelledby="by-status-h"><h2 id="by-status-h">Today's orders by status</h2>
          <div class="table-wrap" tabindex="0" role="region" aria-label="Today's orders by status"><table class="table">
            <caption class="visually-hidden">Orders placed today, by current status</caption>
            <thead><tr><th scope="col">Status</th><th scope="col" class="num">Orders</th></tr></thead>
            <tbody>${f.today.byStatus.map(([status, n]) => html`<tr><td><a href=${href(`/console/orders?status=${status}&from=${startOfToday().slice(0, 10)}`)}>${humanStatus(status)}</a></td><td class="num">${n}</td></tr>`)}</tbody>
          </table></div></section>` : nothing}
        ${f.lowStock?.length ? html`<section aria-labelledby="low-h"><h2 id="low-h">Low on stock (under ${LOW_STOCK})</h2>
          <ul>${f.lowStock.map((p) => html`<li>${p.name}: ${p.stock} left</li>`)}</ul></section>` : nothing}
        ${pending > 0 ? loading('Counting') : nothing}`;
    },
  };
}
