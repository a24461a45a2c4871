// Crash: `sagas` orders in flight (being placed, packed, delivered), kill -9 of the platform at a
// seeded random moment, an immediate restart on the same data; every client retries with its key,
// every order finishes, nothing happens twice.
import { startPlatformProcess } from '../../test/support/platform-process.ts';
import { advance, attach, orderInput, orders, placeOrder, products, random, record, rssMb, sleep, startFresh, stop, driveToEnd, verify, type Row } from './lib.ts';

export async function crash(seed: number, sagas: number): Promise<Row> {
  const next = random(seed);
  let s = await startFresh();
  const memoryStartMb = rssMb(s.platform.pid);
  const catalogue = await products(s.api, 40);
  const inputs = Array.from({ length: sagas }, (_, i) => orderInput(`crash-${seed}-${i}`, catalogue[Math.floor(next() * catalogue.length)]));
  const answered = new Map<string, Set<string>>();
  // Half placed and waiting to be packed; the other half placed while the kill comes.
  const half = Math.floor(sagas / 2);
  await Promise.all(inputs.slice(0, half).map(async (input) => record(answered, input.idempotencyKey, await placeOrder(s.api, input, 1))));
  await sleep(500);
  const work = [...advance(s.api, await orders(s.doc)), ...inputs.slice(half).map((input) => placeOrder(s.api, input, 1).catch(() => undefined))];
  await sleep(next() * 1500);
  s.close();
  s.platform.kill();
  const restarted = startPlatformProcess(s.dataDir);
  await Promise.allSettled(work);
  const fiveXxBefore = s.api.fiveXx;
  s = attach(await restarted, s.dataDir);
  await Promise.all(inputs.map(async (input) => record(answered, input.idempotencyKey, await placeOrder(s.api, input))));
  const rows = await driveToEnd(s);
  const result = await verify(s, answered, rows);
  const memoryEndMb = rssMb(s.platform.pid);
  const fiveXx = fiveXxBefore + s.api.fiveXx;
  await stop(s);
  return { scenario: `crash (seed ${seed})`, runs: 1, ...result, fiveXx, memoryStartMb, memoryEndMb };
}
