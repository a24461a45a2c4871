// `npm run latency`: the p99 latency budget of every user request on AWS, warm and cold, per region,
// against the 1 s goal; placeOrder's hops as built and under the proposed design.
// Writes cost/report/latency.md.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { resolverMap } from '../schema/resolver-map.ts';
import { sagaRoutes, type AslDefinition } from './asl-paths.ts';
import { readBundles, readJson, repoRoot, type Bundles, type Measured, type PriceTable, type TrafficProfile } from './inputs.ts';
import { budgets, designFromTemplates, type Budget, type Design, type LatencyInputs } from './latency.ts';
import { readTemplates } from './templates.ts';
import { table } from './report.ts';

const GOAL_MS = 1000;
/**
 * The next steps from the design as built: one provisioned instance of the function placeOrder's tasks
 * run in; then also the card's authorisation after the answer (the payment provider's round trip is
 * most of the warm path: placeOrder answers once the order is stored, and the authorisation's
 * outcome reaches the shopper over the subscription, as the later statuses do).
 */
export function nextSteps(built: Design, checkoutTasks: readonly string[]): Design[] {
  const hosts = [...new Set(checkoutTasks.map((t) => built.hostOf[t] ?? t))];
  const provisioned: Design = { ...built, name: `next: one provisioned instance of ${hosts.join(', ')} per region`,
    provisionedOf: { ...built.provisionedOf, ...Object.fromEntries(hosts.map((f) => [f, Math.max(1, built.provisionedOf[f] ?? 0)])) } };
  const afterAnswer = ['AuthorisePayment'];
  const contract = 'a contract change: placeOrder answers before the card is held';
  return [provisioned, { ...built, name: `next: AuthorisePayment after the answer (${contract})`, afterAnswer },
    { ...provisioned, name: `${provisioned.name}, and AuthorisePayment after the answer`, afterAnswer }];
}

/** What a design adds to the monthly bill: its provisioned instances, idle or not. */
export function designCost(design: Design, built: Design, regions: number, prices: PriceTable): number {
  return Object.entries(design.provisionedOf).reduce((sum, [fn, n]) => sum + Math.max(0, n - (built.provisionedOf[fn] ?? 0)) * regions
    * ((design.memoryOf[fn] ?? 512) / 1024) * 730 * 3600 * prices.prices['lambda.provisionedGbSecond'].usd, 0);
}

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
  const asBuilt = designFromTemplates(readTemplates(path.join(repoRoot, 'cdk.out')), regions[0], resolverMap);
  const built = budgets(inputs, regions, asBuilt);
  const prices = readJson<PriceTable>(path.join(repoRoot, 'cost/prices.json'));
  const worst = (all: Budget[], request: string) => all.filter((b) => b.request === request).sort((a, b) => b.coldMs - a.coldMs)[0];
  const source = readBundles() ? 'bench/results/bundles.json (infra)' : 'bench/results/bundle-init.json (measured here; provisional until bundles.json lands)';
  // Before the Checkout function: every task in its own 512 MB function with source maps (the checkout
  // tasks' loads are then the shared bundle's: their own bundles are no longer built).
  const before: Design = { name: 'before', hostOf: {}, memoryOf: {}, sourceMapsOf: {}, provisionedOf: {}, publishThroughEventBridge: false };
  const beforeBudgets = budgets(inputs, regions, before);
  const sections = [
    `p99 per request on AWS, summed over its hops (an upper bound); cold = a new connection and every Lambda on the path cold; bundle init from ${source}; compute from bench/results/operations.json.`, '',
    `${asBuilt.name[0].toUpperCase()}${asBuilt.name.slice(1)}:`, latencyTable(built, regions), '',
    `placeOrder, ${worst(built, 'placeOrder').region}, as built:`, hopTable(worst(built, 'placeOrder')), '',
    'Before (every task in its own 512 MB function, source maps on):', latencyTable(beforeBudgets.filter((b) => b.request === 'placeOrder'), regions), '',
  ];
  for (const design of nextSteps(asBuilt, inputs.checkoutRoute.tasks)) {
    const all = budgets(inputs, regions, design);
    sections.push(`${design.name[0].toUpperCase()}${design.name.slice(1)} (adds about $${designCost(design, asBuilt, regions.length, prices).toFixed(0)} a month):`,
      latencyTable(all.filter((b) => b.request === 'placeOrder'), regions), '',
      `placeOrder, ${worst(all, 'placeOrder').region}:`, hopTable(worst(all, 'placeOrder')), '');
  }
  sections.push('Hop figures and their sources: cost/latency-hops.json.');
  const report = sections.join('\n');
  console.log(report);
  mkdirSync(path.join(repoRoot, 'cost/report'), { recursive: true });
  writeFileSync(path.join(repoRoot, 'cost/report/latency.md'), `${report}\n`);
}
