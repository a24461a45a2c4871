// Concurrent staff actions on one order: cancel (support), confirmPacked (warehouse) and
// updateDelivery DELIVERED (delivery) at the same moment, on `n` orders waiting to be packed. Each
// ends in one consistent state (cancelled with its payment voided, or shipped and delivered).
import { CANCEL_ORDER, CONFIRM_PACKED, UPDATE_DELIVERY } from '../../test/support/operations.ts';
import { orderInput, orders, placeOrder, products, random, record, rssMb, sleep, startFresh, stop, driveToEnd, verify, type Row } from './lib.ts';

export async function staffRace(n: number, seed = 20): Promise<Row> {
  const next = random(seed);
  const s = await startFresh();
  const memoryStartMb = rssMb(s.platform.pid);
  const catalogue = await products(s.api, 40);
  const answered = new Map<string, Set<string>>();
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const input = orderInput(`staff-${i}`, catalogue[i % catalogue.length]);
    const id = await placeOrder(s.api, input);
    record(answered, input.idempotencyKey, id);
    if (id) ids.push(id);
  }
  for (let i = 0; i < 100 && (await orders(s.doc)).some((o) => o.status !== 'PACKING'); i += 1) await sleep(100);
  let cancelled = 0;
  await Promise.all(ids.map(async (orderId) => {
    // Seeded moments apart: the cancel anywhere from before the packing to after the shipment.
    const at = (ms: number) => sleep(Math.floor(ms));
    const [cancel] = await Promise.all([
      at(next() * 800).then(() => s.api.call('support', CANCEL_ORDER, { id: orderId })),
      at(next() * 40).then(() => s.api.call('warehouse', CONFIRM_PACKED, { orderId, packages: 1 })),
      at(next() * 40).then(() => s.api.call('delivery', UPDATE_DELIVERY, { orderId, status: 'DELIVERED' })),
    ]);
    if (cancel.data) cancelled += 1;
  }));
  const result = await verify(s, answered, await driveToEnd(s));
  const memoryEndMb = rssMb(s.platform.pid);
  await stop(s);
  return { scenario: 'staff actions race', runs: n, ...result, fiveXx: s.api.fiveXx, memoryStartMb, memoryEndMb, note: `${cancelled} cancelled, ${n - cancelled} shipped` };
}
