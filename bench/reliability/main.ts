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
  writeResults('reliability', rows);
};

await run('crash', async () => {
  const seeds: Row[] = [];
  for (let seed = 1; seed <= 10; seed += 1) seeds.push(await crash(seed, 100));
  return seeds;
});
await run('faults', () => faultsScenario(7, 100));
await run('storm', () => storm(20, 50));
await run('staff', () => staffRace(30));
await run('redrive', () => redriveRace(10, 8));
await run('hostile', () => hostile(1000));
await run('load', () => load([16, 32, 64], 60));

printTable(rows.map((r) => ({
  scenario: r.scenario, runs: r.runs, orders: r.orders, twice: r.twice, lost: r.lost, '5xx': r.fiveXx, violations: r.violations,
  'memory MB': `${r.memoryStartMb} → ${r.memoryEndMb}`, note: r.note ?? '',
})));
console.log(`\nwritten ${writeResults('reliability', rows)}`);
const bad = rows.filter((r) => r.twice + r.lost + r.fiveXx + r.violations > 0);
process.exit(bad.length === 0 ? 0 : 1);
