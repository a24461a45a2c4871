// The CI-sized subset of `npm run reliability` (bench/reliability/): each scenario against its own
// `node local/main.ts`, through real clients, ending with the invariant checker over the tables.
// Nothing twice, nothing lost, no 5xx, no broken invariant.
import { crash } from '../../bench/reliability/crash.ts';
import { hostile } from '../../bench/reliability/hostile.ts';
import type { Row } from '../../bench/reliability/lib.ts';
import { redriveRace } from '../../bench/reliability/redrive-race.ts';
import { staffRace } from '../../bench/reliability/staff-race.ts';
import { storm } from '../../bench/reliability/storm.ts';

const clean = (row: Row) => ({ twice: row.twice, lost: row.lost, fiveXx: row.fiveXx, violations: row.violations });
const none = { twice: 0, lost: 0, fiveXx: 0, violations: 0 };

test('crash: kill -9 at a seeded moment with 20 sagas in flight, restart at once: all finish, nothing twice', async () => {
  const row = await crash(3, 20);
  expect(row.orders).toBe(20);
  expect(clean(row)).toEqual(none);
}, 300_000);

test('idempotency storm: 20 concurrent calls per key, 3 keys: one order each', async () => {
  const row = await storm(3, 20);
  expect(row.orders).toBe(3);
  expect(clean(row)).toEqual(none);
}, 300_000);

test('concurrent staff actions on one order (cancel, pack, deliver): each order ends consistent', async () => {
  const row = await staffRace(5);
  expect(row.orders).toBe(5);
  expect(clean(row)).toEqual(none);
}, 300_000);

test('concurrent redrives: one accepted per failed execution, each runs once', async () => {
  const row = await redriveRace(2, 6);
  expect(row.runs).toBe(2);
  expect(clean(row)).toEqual(none);
}, 300_000);

// API.md §1: bad input gets a typed error and changes nothing.
test('200 generated hostile requests: no 5xx, the tables unchanged', async () => {
  const row = await hostile(200);
  expect(clean(row)).toEqual(none);
}, 300_000);
