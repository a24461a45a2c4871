// Global tables between local regions' DynamoDB stores, with the semantics AWS documents for
// multi-Region eventual consistency (MREC), https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html:
// replication is asynchronous ("typically within a second"); concurrent writes to one item in two
// Regions resolve by last writer wins, the same winner in every replica; deletes replicate, and so
// do Time to Live deletes (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html,
// "Time to Live with global tables"); a write applied by replication is not replicated back.
// Three real stores on loopback, each with its own replicator; checked in each store through the
// DynamoDB API.
import { createServer } from 'node:net';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { allTables, localTables, tables } from '../../infra/tables.ts';
import { localClientConfig } from '../../local/aws/client-config.ts';
import { ensureTables } from '../../local/dynamodb/create-tables.ts';
import type { ReplicationState } from '../../local/dynamodb/replication/replicator.ts';
import { startDynamoDB, type LocalDynamoDB } from '../../local/dynamodb/server.ts';
import { signedFetch } from '../support/signed-request.ts';
import { tempDirs } from '../support/temp-dirs.ts';

const regions = ['us-east-1', 'eu-west-1', 'ap-southeast-1'] as const;
type Region = (typeof regions)[number];
const lagMs = 300;
const orders = tables.Orders.tableName;
const idempotency = tables.Idempotency.tableName;
// Registered before the temp dirs' own afterAll, so the stores close before their folders go.
afterAll(async () => {
  for (const doc of docs.values()) doc.destroy();
  for (const store of stores.values()) await store.close();
});
const newDir = tempDirs('replication-');

const freePort = () => new Promise<number>((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    server.close(() => resolve(port));
  });
});

const docs = new Map<Region, DynamoDBDocumentClient>();
const stores = new Map<Region, LocalDynamoDB>();
const ports = new Map<Region, number>();
const dirs = new Map<Region, string>();
const endpoint = (region: Region) => `http://127.0.0.1:${ports.get(region)}`;

async function startRegion(region: Region): Promise<void> {
  const store = await startDynamoDB({
    port: ports.get(region), dataDir: dirs.get(region), region, ttlSweepIntervalMs: 3_600_000,
    replication: {
      lagMs, tables: [...Object.values(tables).map((t) => t.tableName), localTables.LocalIdentity.tableName],
      peers: Object.fromEntries(regions.filter((r) => r !== region).map((r) => [r, endpoint(r)])),
    },
  });
  stores.set(region, store);
  docs.get(region)?.destroy();
  docs.set(region, DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(store.endpoint, region))));
}

beforeAll(async () => {
  for (const region of regions) {
    ports.set(region, await freePort());
    dirs.set(region, newDir());
  }
  for (const region of regions) await startRegion(region);
  // Each region creates its replica of every table; nothing is written yet, so nothing replicates.
  for (const region of regions) await ensureTables(endpoint(region), allTables, region);
});

const doc = (region: Region) => docs.get(region)!;
const get = async (region: Region, table: string, key: Record<string, unknown>) =>
  (await doc(region).send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;

async function describe(region: Region): Promise<ReplicationState> {
  const response = await signedFetch({
    endpoint: endpoint(region), service: 'dynamodb', region, target: 'LocalGlobalTablesReplication.DescribeReplication',
    body: '{}', contentType: 'application/x-amz-json-1.0',
  });
  expect(response.status).toBe(200);
  return await response.json() as ReplicationState;
}

/** Waits until every region's outbox is empty (all changes delivered and applied). */
async function settled(): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    const states = await Promise.all(regions.filter((r) => stores.has(r)).map(describe));
    if (states.every((s) => Object.values(s.outgoing).every((o) => o.pending === 0))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('replication did not settle in 10 s');
}

test('a write in one region reaches every other region after the replication lag, and is not sent back', async () => {
  const before = await describe('eu-west-1');
  await doc('us-east-1').send(new PutCommand({ TableName: orders, Item: { id: 'o-1', status: 'PLACED' } }));
  // Asynchronous: the other replicas do not have it at once.
  expect(await get('eu-west-1', orders, { id: 'o-1' })).toBeUndefined();
  await settled();
  for (const region of regions) expect(await get(region, orders, { id: 'o-1' })).toEqual({ id: 'o-1', status: 'PLACED' });
  const after = await describe('eu-west-1');
  const fromUs = after.incoming['us-east-1']!;
  expect(fromUs.applied - (before.incoming['us-east-1']?.applied ?? 0)).toBe(1);
  // Measured from the write in us-east-1 to the apply in eu-west-1: at least the configured lag.
  expect(fromUs.lag.lastMs).toBeGreaterThanOrEqual(lagMs);
  // Replicated writes are not replicated again: eu-west-1 owes nobody anything, us-east-1 received nothing.
  const deliveredBy = (state: ReplicationState) => Object.values(state.outgoing).reduce((n, o) => n + o.delivered + o.pending, 0);
  expect(deliveredBy(after)).toBe(deliveredBy(before));
  expect((await describe('us-east-1')).incoming['eu-west-1']?.applied ?? 0).toBe(0);
});

test('concurrent writes to one item in two regions: the later write wins in every replica', async () => {
  await doc('us-east-1').send(new PutCommand({ TableName: orders, Item: { id: 'o-2', status: 'PLACED', by: 'us-east-1' } }));
  await new Promise((resolve) => setTimeout(resolve, 20));
  // Within the lag: eu-west-1 has not seen us-east-1's write when it writes its own.
  await doc('eu-west-1').send(new PutCommand({ TableName: orders, Item: { id: 'o-2', status: 'CANCELLED', by: 'eu-west-1' } }));
  await settled();
  for (const region of regions) expect(await get(region, orders, { id: 'o-2' })).toEqual({ id: 'o-2', status: 'CANCELLED', by: 'eu-west-1' });
  // eu-west-1 received us-east-1's older write and discarded it.
  expect((await describe('eu-west-1')).incoming['us-east-1']!.superseded).toBeGreaterThanOrEqual(1);
});

test('deletes replicate, and an older concurrent write does not bring a deleted item back', async () => {
  await doc('us-east-1').send(new PutCommand({ TableName: orders, Item: { id: 'o-3', status: 'PLACED' } }));
  await settled();
  await doc('ap-southeast-1').send(new DeleteCommand({ TableName: orders, Key: { id: 'o-3' } }));
  await settled();
  for (const region of regions) expect(await get(region, orders, { id: 'o-3' })).toBeUndefined();

  // An item every replica holds; then a write in us-east-1, and a later delete in eu-west-1 before
  // that write reached it: the delete is the last write, so the item stays deleted everywhere.
  await doc('us-east-1').send(new PutCommand({ TableName: orders, Item: { id: 'o-4', status: 'PLACED' } }));
  await settled();
  await doc('us-east-1').send(new PutCommand({ TableName: orders, Item: { id: 'o-4', status: 'PACKED' } }));
  await new Promise((resolve) => setTimeout(resolve, 20));
  await doc('eu-west-1').send(new DeleteCommand({ TableName: orders, Key: { id: 'o-4' } }));
  await settled();
  for (const region of regions) expect(await get(region, orders, { id: 'o-4' })).toBeUndefined();
});

test('a Time to Live expiry in one region is replicated as a delete', async () => {
  const expired = Math.floor(Date.now() / 1000) - 60;
  await doc('us-east-1').send(new PutCommand({ TableName: idempotency, Item: { id: 'k-1', status: 'COMPLETED', expiration: expired } }));
  await settled();
  expect(await get('eu-west-1', idempotency, { id: 'k-1' })).toBeDefined();
  // Only us-east-1 sweeps; the other replicas lose the item through replication.
  expect(await stores.get('us-east-1')!.ttlSweeper.sweep()).toBe(1);
  await settled();
  for (const region of regions) expect(await get(region, idempotency, { id: 'k-1' })).toBeUndefined();
});

test('regional tables (Step Functions executions) are not replicated', async () => {
  const table = localTables.LocalStepFunctions.tableName;
  await doc('us-east-1').send(new PutCommand({ TableName: table, Item: { pk: 'EXECUTION#x', sk: 'EXECUTION' } }));
  await settled();
  await new Promise((resolve) => setTimeout(resolve, lagMs + 100));
  expect(await get('eu-west-1', table, { pk: 'EXECUTION#x', sk: 'EXECUTION' })).toBeUndefined();
});

test('a region that was down receives, once back, what was written while it was away', async () => {
  await stores.get('ap-southeast-1')!.close();
  stores.delete('ap-southeast-1');
  await doc('us-east-1').send(new PutCommand({ TableName: orders, Item: { id: 'o-5', status: 'PLACED' } }));
  await new Promise((resolve) => setTimeout(resolve, lagMs + 300));
  const owed = (await describe('us-east-1')).outgoing['ap-southeast-1']!;
  expect(owed.pending).toBe(1);
  expect(owed.failures).toBeGreaterThan(0);
  await startRegion('ap-southeast-1');
  await settled();
  expect(await get('ap-southeast-1', orders, { id: 'o-5' })).toEqual({ id: 'o-5', status: 'PLACED' });
});
