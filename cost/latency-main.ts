// `npm run latency`: the p99 latency budget of every user request on AWS, warm and cold, per region,
// against the 1 s goal; placeOrder's hops as built and under the proposed design.
// Writes cost/report/latency.md.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { resolverMap } from '../schema/resolver-map.ts';
import { sagaRoutes, type AslDefinition } from './asl-paths.ts';
import { readBundles, readJson, repoRoot, type Bundles, type Measured, type TrafficProfile } from './inputs.ts';
import { asBuilt, budgets, type Budget, type Design, type LatencyInputs } from './latency.ts';
import { table } from './report.ts';

const GOAL_MS = 1000;
export const proposal: Design = { name: 'proposed: the four checkout-path tasks in one 1,769 MB function, no source maps', oneCheckoutFunction: true, memoryMb: 1769, sourceMaps: false };

export function latencyInputs(): LatencyInputs {
  const fromInfra = readBundles();
  const measuredHere = path.join(repoRoot, 'bench/results/bundle-init.json');
  const bundles = fromInfra ?? (existsSync(measuredHere) ? readJson<{ results: Bundles }>(measuredHere).results : undefined);
  if (!bundles) throw new Error('no bundle init times: run `npm run synth` then `npm run cost:bundle-init`');
  return {
    hops: readJson(path.join(repoRoot, 'cost/latency-hops.json')),
    resolverMap,
    checkoutRoute: sagaRoutes(JSON.parse(readFileSync(path.join(repoRoot, 'workflows/checkout.asl.json'), 'utf8')) as AslDefinition)[0],
    measured: readJson<Measured>(path.join(repoRoot, 'bench/results/operations.json')),
    bundles,
  };
}

const ms = (n: number) => `${Math.round(n)} ms`;
const verdict = (n: number) => (n < GOAL_MS ? 'yes' : 'NO');

export function latencyTable(all: Budget[], regions: string[]): string {
  const requests = [...new Set(all.map((b) => b.request))];
  const rows = [['request', ...regions.flatMap((r) => [`${r} warm`, `${r} cold`]), 'cold < 1 s everywhere']];
  for (const request of requests) {
    const of = regions.map((r) => all.find((b) => b.request === request && b.region === r)!);
    rows.push([request, ...of.flatMap((b) => [ms(b.warmMs), ms(b.coldMs)]), of.every((b) => b.coldMs < GOAL_MS) ? 'yes' : 'NO']);
  }
  return table(rows);
}

export function hopTable(budget: Budget): string {
  return table([['hop', 'warm p99', 'cold p99'], ...budget.hops.filter((x) => x.warmMs > 0 || x.coldMs > 0).map((x) => [x.what, ms(x.warmMs), ms(x.coldMs)]),
    ['total', ms(budget.warmMs), `${ms(budget.coldMs)} (< 1 s: ${verdict(budget.coldMs)})`]]);
}

if (import.meta.main) {
  const profile = readJson<TrafficProfile>(path.join(repoRoot, 'profiles/launch.json'));
  const regions = Object.keys(profile.regionShare);
  const inputs = latencyInputs();
  const built = budgets(inputs, regions, asBuilt);
  const proposed = budgets(inputs, regions, proposal);
  const worst = (all: Budget[]) => all.filter((b) => b.request === 'placeOrder').sort((a, b) => b.coldMs - a.coldMs)[0];
  const source = readBundles() ? 'bench/results/bundles.json (infra)' : 'bench/results/bundle-init.json (measured here; provisional until bundles.json lands)';
  const report = [
    `p99 per request on AWS, summed over its hops (an upper bound); bundle init from ${source}; compute from bench/results/operations.json.`, '',
    `As built (${asBuilt.name}):`, latencyTable(built, regions), '',
    `placeOrder, ${worst(built).region}, as built:`, hopTable(worst(built)), '',
    `${proposal.name[0].toUpperCase()}${proposal.name.slice(1)}:`, latencyTable(proposed.filter((b) => b.request === 'placeOrder'), regions), '',
    `placeOrder, ${worst(proposed).region}, proposed:`, hopTable(worst(proposed)), '',
    'Hop figures and their sources: cost/latency-hops.json.',
  ].join('\n');
  console.log(report);
  mkdirSync(path.join(repoRoot, 'cost/report'), { recursive: true });
  writeFileSync(path.join(repoRoot, 'cost/report/latency.md'), `${report}\n`);
}
