// `npm run reliability`: every scenario at full size against `node local/main.ts` (a fresh data
// directory each), then a table and bench/results/reliability.json. Heavy (about half an hour on
// 2 cores); test/reliability/ runs a CI-sized subset in `npm test`.
import { printTable, writeResults } from '../lib/report.ts';
import { crash } from './crash.ts';
import { faultsScenario } from './faults.ts';
import { hostile } from './hostile.ts';
import type { Row } from './lib.ts';
import { load } from './load.ts';
import { redriveRace } from './redrive-race.ts';
import { staffRace } from './staff-race.ts';
import { storm } from './storm.ts';

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
const rows: Row[] = [];
const run = async (name: string, scenario: () => Promise<Row | Row[]>) => {
  if (!want(name)) return;
  const started = Date.now();
  // A scenario that cannot finish is a row of its own (counted as lost), and the others still run.
  const result = await scenario().catch((err: unknown): Row => ({
    scenario: name, runs: 0, orders: 0, twice: 0, lost: 1, fiveXx: 0, violations: 0, memoryStartMb: 0, memoryEndMb: 0, note: `did not finish: ${(err as Error).message}`,
  }));
  for (const row of [result].flat()) {
    rows.push(row);
    console.log(`${row.scenario}: ${JSON.stringify(row)} (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  writeResults('reliability', { size: full ? 'full' : 'reduced', rows });
};

// RELIABILITY_SIZE=reduced: the same scenarios, fewer seeds, orders and seconds (a machine that
// cannot give the full run its half hour); the results file says which size ran.
const full = process.env.RELIABILITY_SIZE !== 'reduced';
const size = full
  ? { seeds: 10, sagas: 100, faults: 100, keys: 20, staff: 30, redrives: 10, hostile: 1000, seconds: 60 }
  : { seeds: 3, sagas: 50, faults: 50, keys: 10, staff: 20, redrives: 5, hostile: 1000, seconds: 20 };
console.log(`size: ${full ? 'full' : 'reduced'} ${JSON.stringify(size)}`);

await run('crash', async () => {
  const seeds: Row[] = [];
  for (let seed = 1; seed <= size.seeds; seed += 1) {
    seeds.push(await crash(seed, size.sagas));
    console.log(JSON.stringify(seeds.at(-1)));
  }
  return seeds;
});
await run('faults', () => faultsScenario(7, size.faults));
await run('storm', () => storm(size.keys, 50));
await run('staff', () => staffRace(size.staff));
await run('redrive', () => redriveRace(size.redrives, 8));
await run('hostile', () => hostile(size.hostile));
await run('load', () => load([16, 32, 64], size.seconds));

printTable(rows.map((r) => ({
  scenario: r.scenario, runs: r.runs, orders: r.orders, twice: r.twice, lost: r.lost, '5xx': r.fiveXx, violations: r.violations,
  'memory MB': `${r.memoryStartMb} → ${r.memoryEndMb}`, note: r.note ?? '',
})));
console.log(`\nwritten ${writeResults('reliability', { size: full ? 'full' : 'reduced', rows })}`);
const bad = rows.filter((r) => r.twice + r.lost + r.fiveXx + r.violations > 0);
process.exit(bad.length === 0 ? 0 : 1);
