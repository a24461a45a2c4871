// `npm run cost:bundle-init`: how long each task's Lambda bundle (cdk.out, as `npm run synth` built
// it) takes to load in a fresh Node process, with the function's own environment (NODE_OPTIONS
// included) and with source maps off, for comparison. This is the function's own part of a cold
// start; Lambda adds its sandbox and runtime start (see latency-hops.json). Provisional until the
// infra benchmark's bench/results/bundles.json lands; written in the same shape to
// bench/results/bundle-init.json.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot, readJson } from './inputs.ts';
import { writeResults } from '../bench/lib/report.ts';

const RUNS = Number(process.env.INIT_RUNS ?? 7);
const CHECKOUT_PATH = ['Checkout', 'ValidateOrder', 'ReserveStock', 'AuthorisePayment', 'StoreOrder'];
const cdkOut = path.join(repoRoot, 'cdk.out');
const stack = 'BigSmokes-Tasks-us-east-1';
const template = readJson<{ Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> }>(path.join(cdkOut, `${stack}.template.json`));
const assets = readJson<{ files: Record<string, { source: { path: string } }> }>(path.join(cdkOut, `${stack}.assets.json`));

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

/**
 * Milliseconds to import the bundle in a fresh process, RUNS times: the CPU time of the load (user
 * and system), which other work on this shared machine barely moves, and the wall time beside it.
 */
function loadTimes(file: string, environment: Record<string, string>): { cpu: number[]; wall: number[] } {
  const script = `const c = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); `
    + 'const u = process.cpuUsage(c); process.stdout.write(JSON.stringify({ wall: performance.now() - t, cpu: (u.user + u.system) / 1000 }));';
  const runs = Array.from({ length: RUNS }, () => {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', ...environment }, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`loading ${file} failed: ${run.stderr}`);
    return JSON.parse(run.stdout) as { wall: number; cpu: number };
  });
  return { cpu: runs.map((r) => r.cpu), wall: runs.map((r) => r.wall) };
}

const bundles = [];
for (const [logicalId, resource] of Object.entries(template.Resources)) {
  if (resource.Type !== 'AWS::Lambda::Function' || !String(resource.Properties.FunctionName).startsWith('bigsmokes-')) continue;
  const task = String(resource.Properties.FunctionName).replace(/^bigsmokes-/, '');
  // A shared function runs one task per alias (infra/shared-functions.ts).
  const aliases = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Alias'
    && JSON.stringify(r.Properties.FunctionName).includes(`"${logicalId}"`)).map((r) => String(r.Properties.Name));
  const hash = String((resource.Properties.Code as { S3Key: string }).S3Key).split('.')[0];
  const dir = path.join(cdkOut, assets.files[hash].source.path);
  const file = path.join(dir, 'index.mjs');
  const variables = (resource.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
  const environment = Object.fromEntries(Object.entries(variables).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  const asDeployed = loadTimes(file, environment);
  const { NODE_OPTIONS: _sourceMaps, ...withoutSourceMaps } = environment;
  const noMaps = loadTimes(file, withoutSourceMaps);
  const summary = (ms: number[]) => ({ p50: +percentile(ms, 50).toFixed(1), p99: +percentile(ms, 99).toFixed(1), runs: ms.length });
  bundles.push({ task, tasks: aliases.length > 0 ? aliases : [task], path: path.relative(repoRoot, file), bytes: statSync(file).size,
    initMs: summary(asDeployed.cpu), initMsWithoutSourceMaps: summary(noMaps.cpu), wallMs: summary(asDeployed.wall),
    nodeOptions: environment.NODE_OPTIONS ?? '', checkoutPath: CHECKOUT_PATH.includes(task) });
  console.log(`${task}: ${summary(asDeployed.cpu).p50} ms of CPU as deployed, ${summary(noMaps.cpu).p50} ms without source maps (wall ${summary(asDeployed.wall).p50} ms)`);
}
bundles.sort((a, b) => Number(b.checkoutPath) - Number(a.checkoutPath) || CHECKOUT_PATH.indexOf(a.task) - CHECKOUT_PATH.indexOf(b.task));
const file = writeResults('bundle-init', {
  measured: new Date().toISOString(),
  what: `CPU time of one cold load of each function's bundle: a fresh Node ${process.version} process importing cdk.out's index.mjs with the function's environment `
    + `(initMs, as deployed) and without NODE_OPTIONS=--enable-source-maps (initMsWithoutSourceMaps), user + system CPU, the wall time beside it (wallMs: `
    + `this shared machine's load inflates it); ${RUNS} runs each, on this machine's one core per process `
    + '(a Lambda has 1769/memory of a vCPU less: latency.ts scales these by 1769/memory). `tasks`: the tasks the function runs (one alias each on a shared one). Checkout path first.',
  bundles,
});
console.log(`written to ${file}`);
