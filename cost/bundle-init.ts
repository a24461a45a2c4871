// `npm run cost:bundle-init`: each task's Lambda bundle load time (bench/lib/bundle-init.ts), written
// to bench/results/bundle-init.json for the latency model; `npm run bench:bundles` writes the same
// measurement to bench/results/bundles.json, which the latency model prefers.
import path from 'node:path';
import { repoRoot } from './inputs.ts';
import { writeResults } from '../bench/lib/report.ts';
import { describeMeasurement, measureBundles } from '../bench/lib/bundle-init.ts';

const RUNS = Number(process.env.INIT_RUNS ?? 7);
const bundles = measureBundles(repoRoot, path.join(repoRoot, 'cdk.out'), 'BigSmokes-Tasks-us-east-1', RUNS, console.log);
const file = writeResults('bundle-init', { measured: new Date().toISOString(), what: describeMeasurement(RUNS), bundles });
console.log(`written to ${file}`);
