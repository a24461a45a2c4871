// How long each function's Lambda bundle (cdk.out, as `npm run synth` built it) takes to load in a
// fresh Node process, with the function's own environment (NODE_OPTIONS included) and with source
// maps off, for comparison: the function's own part of a cold start (Lambda adds its sandbox and
// runtime start). Shared by `npm run bench:bundles` (bench/results/bundles.json) and
// `npm run cost:bundle-init`.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The functions of placeOrder's synchronous path, in the order a checkout meets them. */
export const CHECKOUT_PATH = ['Checkout', 'ValidateOrder', 'ReserveStock', 'AuthorisePayment', 'StoreOrder'];

export interface Summary { readonly p50: number; readonly p99: number; readonly runs: number }
export interface BundleInit {
  readonly task: string;
  /** The tasks the function runs (one alias each on a shared function). */
  readonly tasks: string[];
  readonly path: string;
  readonly bytes: number;
  /** Bytes of the source map shipped beside it (0: none). */
  readonly sourceMapBytes: number;
  readonly initMs: Summary;
  readonly initMsWithoutSourceMaps: Summary;
  readonly wallMs: Summary;
  readonly nodeOptions: string;
  readonly checkoutPath: boolean;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const summary = (ms: number[]): Summary => ({ p50: +percentile(ms, 50).toFixed(1), p99: +percentile(ms, 99).toFixed(1), runs: ms.length });

/**
 * Milliseconds to import the bundle in a fresh process, `runs` times: the CPU time of the load (user
 * and system), which other work on a shared machine barely moves, and the wall time beside it.
 */
function loadTimes(file: string, environment: Record<string, string>, runs: number): { cpu: number[]; wall: number[] } {
  const script = `const c = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); `
    + 'const u = process.cpuUsage(c); process.stdout.write(JSON.stringify({ wall: performance.now() - t, cpu: (u.user + u.system) / 1000 }));';
  const results = Array.from({ length: runs }, () => {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', ...environment }, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`loading ${file} failed: ${run.stderr}`);
    return JSON.parse(run.stdout) as { wall: number; cpu: number };
  });
  return { cpu: results.map((r) => r.cpu), wall: results.map((r) => r.wall) };
}

type Template = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };

/** Every `bigsmokes-*` function of one Tasks stack in a cloud assembly, measured; checkout path first. */
export function measureBundles(repoRoot: string, cdkOut: string, stack: string, runs: number, log: (line: string) => void = () => {}): BundleInit[] {
  const read = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;
  const template = read<Template>(path.join(cdkOut, `${stack}.template.json`));
  const assets = read<{ files: Record<string, { source: { path: string } }> }>(path.join(cdkOut, `${stack}.assets.json`));
  const bundles: BundleInit[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function' || !String(resource.Properties.FunctionName).startsWith('bigsmokes-')) continue;
    const task = String(resource.Properties.FunctionName).replace(/^bigsmokes-/, '');
    const aliases = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Alias'
      && JSON.stringify(r.Properties.FunctionName).includes(`"${logicalId}"`)).map((r) => String(r.Properties.Name));
    const hash = String((resource.Properties.Code as { S3Key: string }).S3Key).split('.')[0];
    const file = path.join(cdkOut, assets.files[hash].source.path, 'index.mjs');
    const variables = (resource.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
    const environment = Object.fromEntries(Object.entries(variables).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    const asDeployed = loadTimes(file, environment, runs);
    const { NODE_OPTIONS: _sourceMaps, ...withoutSourceMaps } = environment;
    const noMaps = environment.NODE_OPTIONS === undefined ? asDeployed : loadTimes(file, withoutSourceMaps, runs);
    let sourceMapBytes = 0;
    try { sourceMapBytes = statSync(`${file}.map`).size; } catch { /* no map shipped */ }
    bundles.push({
      task, tasks: aliases.length > 0 ? aliases : [task], path: path.relative(repoRoot, file), bytes: statSync(file).size, sourceMapBytes,
      initMs: summary(asDeployed.cpu), initMsWithoutSourceMaps: summary(noMaps.cpu), wallMs: summary(asDeployed.wall),
      nodeOptions: environment.NODE_OPTIONS ?? '', checkoutPath: CHECKOUT_PATH.includes(task),
    });
    log(`${task}: ${statSync(file).size} bytes, ${summary(asDeployed.cpu).p50} ms of CPU as deployed, ${summary(noMaps.cpu).p50} ms without source maps (wall ${summary(asDeployed.wall).p50} ms)`);
  }
  return bundles.sort((a, b) => Number(b.checkoutPath) - Number(a.checkoutPath) || CHECKOUT_PATH.indexOf(a.task) - CHECKOUT_PATH.indexOf(b.task));
}

export const describeMeasurement = (runs: number): string =>
  `CPU time of one cold load of each function's bundle: a fresh Node ${process.version} process importing cdk.out's index.mjs with the function's environment `
  + `(initMs, as deployed) and without NODE_OPTIONS=--enable-source-maps (initMsWithoutSourceMaps), user + system CPU, the wall time beside it (wallMs: `
  + `a shared machine's load inflates it); ${runs} runs each, on one core per process `
  + '(a Lambda has 1769/memory of a vCPU less: cost/latency.ts scales these by 1769/memory). `tasks`: the tasks the function runs (one alias each on a shared one). Checkout path first.';
