// `npm run cost [-- --profile profiles/launch.json] [--onprem profiles/onprem.json] [--cdk-out cdk.out]`:
// prices what the synthesised templates hold at a traffic profile, against the on-prem profile.
// Prints the report and writes cost/report/<profile>.{md,svg,json}.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { dominant, onPremMonthly, priceTemplates } from './bill.ts';
import { checkProfile, readJson, repoRoot, scaleProfile, type Measured, type OnPremProfile, type PriceTable, type TrafficProfile } from './inputs.ts';
import { chart, countsTables, dominantTable, notPricedList, oneLine, scaleTable, serviceTable, sourcesTable, terminalReport, type Report } from './report.ts';
import { scheduledRuns } from './pricers.ts';
import { readTemplates } from './templates.ts';
import { trafficOf, workflowRoutes } from './traffic.ts';

const { values } = parseArgs({ options: {
  profile: { type: 'string', default: 'profiles/launch.json' },
  onprem: { type: 'string', default: 'profiles/onprem.json' },
  'cdk-out': { type: 'string', default: 'cdk.out' },
  out: { type: 'string', default: 'cost/report' },
} });
const at = (p: string) => path.resolve(repoRoot, p);

export function buildReport(profile: TrafficProfile, onprem: OnPremProfile, prices: PriceTable, measured: Measured, cdkOut: string): Report {
  const resources = readTemplates(cdkOut);
  const routes = workflowRoutes(path.join(repoRoot, 'workflows'));
  const scheduled = scheduledRuns(resources);
  const scenarios = [1, 10, 100].map((factor) => ({ factor, bill: priceTemplates(resources, trafficOf(scaleProfile(profile, factor), routes, measured, scheduled), prices) }));
  return { scenarios, onPrem: onPremMonthly(onprem), dominant: dominant(scenarios[0].bill), prices };
}

const profile = checkProfile(readJson<TrafficProfile>(at(values.profile)));
const measured = readJson<Measured>(path.join(repoRoot, 'bench/results/operations.json'));
const report = buildReport(profile, readJson<OnPremProfile>(at(values.onprem)), readJson<PriceTable>(path.join(repoRoot, 'cost/prices.json')), measured, at(values['cdk-out']));
console.log(terminalReport(report));
const out = at(values.out);
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, `${profile.name}.svg`), chart(report));
writeFileSync(path.join(out, `${profile.name}.md`), [oneLine(report), '', serviceTable(report.scenarios[0].bill), '', scaleTable(report), '',
  dominantTable(report), '', notPricedList(report.scenarios[0].bill), '', sourcesTable(report.prices), '',
  countsTables(trafficOf(profile, workflowRoutes(path.join(repoRoot, 'workflows')), measured, scheduledRuns(readTemplates(at(values['cdk-out'])))), measured), ''].join('\n'));
writeFileSync(path.join(out, `${profile.name}.json`), `${JSON.stringify({ oneLine: oneLine(report), onPrem: report.onPrem, dominant: report.dominant,
  scenarios: report.scenarios.map(({ factor, bill }) => ({ factor, total: bill.total, perOrder: bill.perOrder, byService: bill.byService, byRegion: bill.byRegion,
    notPriced: bill.notPriced, lines: bill.lines })) }, null, 2)}\n`);
console.log(`\nwritten to ${path.relative(repoRoot, out)}/${profile.name}.{md,svg,json}`);
