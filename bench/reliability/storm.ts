// Idempotency storm: `calls` concurrent placeOrder calls with one key and one body, for `keys` keys:
// one order per key, every answer naming it.
import { orderInput, placeOrder, products, record, rssMb, startFresh, stop, driveToEnd, verify, type Row } from './lib.ts';

export async function storm(keys: number, calls: number): Promise<Row> {
  const s = await startFresh();
  const memoryStartMb = rssMb(s.platform.pid);
  const catalogue = await products(s.api, 40);
  const answered = new Map<string, Set<string>>();
  for (let k = 0; k < keys; k += 1) {
    const input = orderInput(`storm-${k}`, catalogue[k % catalogue.length]);
    const ids = await Promise.all(Array.from({ length: calls }, () => placeOrder(s.api, input)));
    for (const id of ids) record(answered, input.idempotencyKey, id);
  }
  const result = await verify(s, answered, await driveToEnd(s));
  const memoryEndMb = rssMb(s.platform.pid);
  await stop(s);
  return { scenario: 'idempotency storm', runs: keys, ...result, fiveXx: s.api.fiveXx, memoryStartMb, memoryEndMb, note: `${calls} concurrent calls per key` };
}
