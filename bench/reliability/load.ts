// Load: the placeOrder mix (placeOrder, then the order and the catalogue as the shop reads them) at
// each number of clients for `seconds`: p50/p99 of placeOrder, errors, 5xx, memory at start and end.
import { Latencies } from '../lib/report.ts';
import { ORDER, PLACE_ORDER, PRODUCTS, RESTOCK } from '../../test/support/operations.ts';
import { orderInput, products, rssMb, startFresh, stop, type Row } from './lib.ts';

export interface LoadRow extends Row { clients: number; ordersPerSecond: number; p50Ms: number; p99Ms: number; errors: number }

export async function load(levels: readonly number[], seconds: number): Promise<LoadRow[]> {
  const s = await startFresh();
  const catalogue = (await products(s.api, 40)).slice(0, 8);
  for (const p of catalogue) await s.api.call('warehouse', RESTOCK, { productId: p.id, quantity: 100_000, note: 'load' });
  const rows: LoadRow[] = [];
  let n = 0;
  for (const clients of levels) {
    const memoryStartMb = rssMb(s.platform.pid);
    const latencies = new Latencies();
    let placed = 0;
    let errors = 0;
    const fiveXxBefore = s.api.fiveXx;
    const until = Date.now() + seconds * 1000;
    await Promise.all(Array.from({ length: clients }, async () => {
      while (Date.now() < until) {
        const input = orderInput(`load-${clients}-${n++}`, catalogue[n % catalogue.length]);
        const t = process.hrtime.bigint();
        const answer = await s.api.call<{ id: string }>('shopper', PLACE_ORDER, { input }).catch(() => undefined);
        latencies.record(t);
        if (!answer?.data) {
          errors += 1;
          continue;
        }
        placed += 1;
        await s.api.call('shopper', ORDER, { id: answer.data.id }).catch(() => undefined);
        await s.api.call('shopper', PRODUCTS, { limit: 20 }).catch(() => undefined);
      }
    }));
    const { p50Ms, p99Ms } = latencies.summary();
    rows.push({
      scenario: `load ${clients} clients`, runs: seconds, orders: placed, twice: 0, lost: 0, fiveXx: s.api.fiveXx - fiveXxBefore, violations: 0,
      memoryStartMb, memoryEndMb: rssMb(s.platform.pid), clients, ordersPerSecond: Math.round(placed / seconds), p50Ms, p99Ms, errors,
      note: `${Math.round(placed / seconds)} orders/s, p50 ${p50Ms} ms, p99 ${p99Ms} ms, ${errors} errors`,
    });
  }
  await stop(s);
  return rows;
}
