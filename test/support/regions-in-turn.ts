// Two regions run in turn on one machine, for the evacuation and hand-back tests: one platform at a
// time (a platform owns its process's task environment), each on its own data folder, both paying
// through one local Stripe outside either platform, as both regions share one provider account on
// AWS. Replication is played by hand: a snapshot of one region's business tables written into the
// other. Registers its own beforeAll/afterAll.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { tables } from '../../infra/tables.ts';
import { startStripe, type StripeServer } from '../../local/stripe/server.ts';
import { scanAll } from './invariants.ts';
import { startTestPlatform, type TestPlatform } from './platform.ts';

type Item = Record<string, unknown>;

/** The tables global tables replicate between the two regions here. */
const replicated = [tables.Orders, tables.Inventory, tables.Payments, tables.Shipments, tables.Refunds].map((t) => t.tableName);

export interface RegionsInTurn {
  /** The data folder of `name` (made on first use), kept across that region's restarts. */
  dataDir(name: string): string;
  start(region: string, dataDir: string): Promise<TestPlatform>;
  stop(env: TestPlatform): Promise<void>;
}

export function useRegionsInTurn(): RegionsInTurn {
  const dirs = new Map<string, string>();
  const dataDir = (name: string) => {
    if (!dirs.has(name)) dirs.set(name, mkdtempSync(path.join(tmpdir(), `bigsmokes-${name}-`)));
    return dirs.get(name)!;
  };
  let stripe: StripeServer | undefined;
  let running: TestPlatform | undefined;
  beforeAll(async () => {
    stripe = await startStripe({ port: 0, dataDir: dataDir('stripe') });
  });
  afterAll(async () => {
    await running?.close();
    await stripe?.close();
    for (const dir of dirs.values()) rmSync(dir, { recursive: true, force: true });
  });
  return {
    dataDir,
    async start(region, folder) {
      running = await startTestPlatform({ region, dataDir: folder, paymentEndpoint: stripe!.endpoint });
      return running;
    },
    async stop(env) {
      await env.close();
      running = undefined;
    },
  };
}

/** Every item of the replicated tables, by table. */
export async function snapshot(env: TestPlatform): Promise<Record<string, Item[]>> {
  return Object.fromEntries(await Promise.all(replicated.map(async (table) => [table, await scanAll(env.doc, table)] as const)));
}

/** What replication delivers: every item of the other region, written here. */
export async function replicate(items: Record<string, Item[]>, into: TestPlatform): Promise<void> {
  for (const [table, list] of Object.entries(items)) {
    for (const item of list) await into.doc.send(new PutCommand({ TableName: table, Item: item }));
  }
}
