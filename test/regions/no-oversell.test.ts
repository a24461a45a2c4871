// Stock is never oversold with concurrent buyers in several regions (issue 16). Each region sells
// only from its own allocation row (REGION#<region>), which only it writes, with a conditional
// transaction; so the replicas of the other regions' rows, which replication keeps in every store,
// are never decremented by a second writer, and last-writer-wins (global tables' rule for concurrent
// writes to one item, https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html)
// never has two decrements of one row to choose between. Three regions, each a process of its own
// with its own DynamoDB store, race 3 × 30 buyers for 3 × 10 units. TransactWriteItems conditions:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { startTestDynamoDB, type TestDynamoDB } from '../support/local-dynamodb.ts';

const run = promisify(execFile);
const regions = ['us-east-1', 'eu-west-1', 'ap-southeast-1'];
const productId = 'p-contested';
const allocation = 10;
const buyersPerRegion = 30;
const stores = new Map<string, TestDynamoDB>();

beforeAll(async () => {
  for (const region of regions) stores.set(region, await startTestDynamoDB(undefined, undefined, region));
  // Every store holds every region's row, as replication leaves them.
  for (const store of stores.values()) {
    for (const region of regions) {
      await store.doc.send(new PutCommand({ TableName: 'bigsmokes-inventory', Item: {
        pk: `PRODUCT#${productId}`, sk: `REGION#${region}`, productId, region, available: allocation, reserved: 0 } }));
    }
  }
});
afterAll(async () => {
  for (const store of stores.values()) await store.close();
});

const rowIn = async (store: TestDynamoDB, region: string) => (await store.doc.send(new GetCommand({
  TableName: 'bigsmokes-inventory', Key: { pk: `PRODUCT#${productId}`, sk: `REGION#${region}` }, ConsistentRead: true }))).Item!;

test('concurrent buyers in three regions take exactly the allocations, and no region touches another\'s row', async () => {
  const tallies = await Promise.all(regions.map(async (region) => {
    const { stdout } = await run(process.execPath, [path.join(import.meta.dirname, 'fixtures', 'buyers.ts')], {
      env: {
        ...process.env, AWS_REGION: region, AWS_ENDPOINT_URL_DYNAMODB: stores.get(region)!.endpoint,
        AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', BUYERS: String(buyersPerRegion), PRODUCT_ID: productId,
        POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_TRACE_ENABLED: 'false',
      },
      timeout: 60_000,
    });
    return { region, ...JSON.parse(stdout.trim().split('\n').at(-1)!) as { reserved: number; failures: string[] } };
  }));
  for (const tally of tallies) {
    expect({ region: tally.region, reserved: tally.reserved }).toEqual({ region: tally.region, reserved: allocation });
    // Every buyer who got nothing was told OutOfStock or to try again (a lost race), never sold a unit.
    for (const failure of tally.failures) expect(['OutOfStock', 'StorageContention']).toContain(failure);
    expect(tally.failures.filter((f) => f === 'OutOfStock').length).toBeGreaterThan(0);
  }
  for (const region of regions) {
    const store = stores.get(region)!;
    expect(await rowIn(store, region)).toMatchObject({ available: 0, reserved: allocation });
    for (const other of regions.filter((r) => r !== region)) {
      expect(await rowIn(store, other)).toMatchObject({ available: allocation, reserved: 0 });
    }
  }
  const sold = tallies.reduce((n, t) => n + t.reserved, 0);
  expect(sold).toBe(regions.length * allocation);
});
