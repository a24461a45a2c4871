// `npm run bench:bundles`: size and init time of every task bundle as `npm run synth` built it in
// cdk.out (a fresh Node process importing it: the function's own part of a Lambda cold start),
// checkout path first, to bench/results/bundles.json (read by cost/latency.ts).
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMeasurement, measureBundles } from './lib/bundle-init.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.INIT_RUNS ?? 9);
const bundles = measureBundles(repoRoot, path.join(repoRoot, 'cdk.out'), 'BigSmokes-Tasks-us-east-1', RUNS, console.log);
const file = path.join(repoRoot, 'bench/results/bundles.json');
writeFileSync(file, `${JSON.stringify({
  measured: new Date().toISOString(),
  machine: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model },
  what: describeMeasurement(RUNS),
  bundles,
}, null, 2)}\n`);
console.log(`written to ${file}`);
