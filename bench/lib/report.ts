// Shared benchmark plumbing: latency histograms, results files and printed tables.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as hdr from 'hdr-histogram-js';

export interface LatencySummary { p50Ms: number; p99Ms: number; meanMs: number; maxMs: number; count: number }

/** Records latencies in microseconds; summarises in milliseconds. */
export class Latencies {
  private readonly histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });

  record(startNs: bigint): void {
    this.histogram.recordValue(Number((process.hrtime.bigint() - startNs) / 1000n));
  }

  summary(): LatencySummary {
    const ms = (us: number) => Math.round(us) / 1000;
    return {
      p50Ms: ms(this.histogram.getValueAtPercentile(50)), p99Ms: ms(this.histogram.getValueAtPercentile(99)),
      meanMs: ms(this.histogram.mean), maxMs: ms(this.histogram.maxValue), count: this.histogram.totalCount,
    };
  }
}

/** Runs `operation` from `clients` concurrent loops until `total` operations are done. */
export async function runConcurrent(clients: number, total: number, operation: (i: number) => Promise<unknown>): Promise<{ opsPerSecond: number; latency: LatencySummary; errors: number }> {
  const latencies = new Latencies();
  let next = 0;
  let errors = 0;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < total) {
      const i = next++;
      const t = process.hrtime.bigint();
      try {
        await operation(i);
      } catch {
        errors += 1;
      }
      latencies.record(t);
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { opsPerSecond: Math.round(total / seconds), latency: latencies.summary(), errors };
}

export function machine() {
  return { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30) };
}

export function writeResults(name: string, results: unknown): string {
  const dir = path.join(import.meta.dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify({ benchmark: name, at: new Date().toISOString(), machine: machine(), results }, null, 2)}\n`);
  return file;
}

export function printTable(rows: Record<string, string | number>[]): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(columns));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(columns.map((c) => String(row[c]))));
}
