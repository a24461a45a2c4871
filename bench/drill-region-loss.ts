// `npm run drill:region-loss`: the region-loss drill of issue 16 at about 20 orders a second
// (DRILL_ORDERS_PER_SECOND), us-east-1 lost mid-stream; prints the table and writes
// bench/results/drill.json. Runs three regions on the single-region ports + DRILL_PORT_OFFSET
// (default: an offset under which every port is free) with data in a temporary folder.
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePortOffset } from '../local/regions/region-ports.ts';
import { printTable, writeResults } from './lib/report.ts';
import { runRegionLossDrill } from './drill/region-loss.ts';
import { drillRows } from './drill/table.ts';

const number = (name: string, fallback: number) => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number >= 0, got "${raw}"`);
  return value;
};

const dataDir = mkdtempSync(path.join(tmpdir(), 'bigsmokes-drill-'));
try {
  const result = await runRegionLossDrill({
    dataDir, portOffset: process.env.DRILL_PORT_OFFSET ? number('DRILL_PORT_OFFSET', 0) : await freePortOffset(3),
    ordersPerSecond: number('DRILL_ORDERS_PER_SECOND', 20),
    beforeMs: number('DRILL_BEFORE_MS', 45_000), outageMs: number('DRILL_OUTAGE_MS', 90_000), afterMs: number('DRILL_AFTER_MS', 30_000),
    // Route 53's fast interval (10 s) with its default threshold (3).
    healthIntervalMs: number('DRILL_HEALTH_INTERVAL_MS', 10_000), failureThreshold: number('DRILL_FAILURE_THRESHOLD', 3),
    replicationLagMs: number('LOCAL_REPLICATION_LAG_MS', 1000),
    staffDelayMs: number('DRILL_STAFF_DELAY_MS', 8_000), finishTimeoutMs: number('DRILL_FINISH_TIMEOUT_MS', 240_000),
    ...(process.env.DRILL_REGION_LOG && { regionLog: (region: string, line: string) => appendFileSync(process.env.DRILL_REGION_LOG!, `[${region}] ${line}\n`) }),
  });
  printTable(drillRows(result));
  // DRILL_RESULTS_NAME: another name than drill.json (a run at another rate beside the standard one).
  console.log(`\nwritten to ${writeResults(process.env.DRILL_RESULTS_NAME ?? 'drill', result)}`);
} finally {
  // DRILL_KEEP_DATA=1 keeps every region's data for a post-mortem.
  if (process.env.DRILL_KEEP_DATA) console.log(`data kept in ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
}
