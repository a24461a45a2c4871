// `npm start`'s platform: seeded on first start, idempotently, with outputs.json written (API.md §6).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tables } from '../../infra/tables.ts';
import { localClientConfig } from '../../local/aws/client-config.ts';
import { loadConfig } from '../../local/config.ts';
import { startPlatform } from '../../local/platform.ts';
import { catalogue } from '../../local/seed/catalogue.ts';
import { productId } from '../../local/seed/load-catalogue.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'bigsmokes-platform-'));
const config = loadConfig({ LOCAL_DATA_DIR: dataDir, PORT: '0', DDB_PORT: '0', SFN_PORT: '0', COGNITO_PORT: '0', EVENTS_PORT: '0', STRIPE_PORT: '0' });
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function scanAll(doc: DynamoDBDocumentClient, TableName: string) {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

it('seeds the catalogue on first start and keeps edits, without duplicates, on the next', async () => {
  expect(catalogue.length).toBeGreaterThanOrEqual(40);
  const first = await startPlatform(config);
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(first.outputs.dynamodbEndpoint)));
  const edited = productId(catalogue[0].slug);
  try {
    expect(await scanAll(doc, tables.Products.tableName)).toHaveLength(catalogue.length);
    const outputs = JSON.parse(readFileSync(path.join(dataDir, 'outputs.json'), 'utf8'));
    expect(outputs).toMatchObject({ region: 'us-east-1', dynamodbEndpoint: first.outputs.dynamodbEndpoint });
    await doc.send(new UpdateCommand({ TableName: tables.Products.tableName, Key: { id: edited }, UpdateExpression: 'SET price.amount = :p', ExpressionAttributeValues: { ':p': 999 } }));
    // The web app's configuration is served without the demo passwords.
    const served = await (await fetch(`${first.outputs.webUrl}outputs.json`)).json();
    expect(served).toMatchObject({ graphqlUrl: first.outputs.graphqlUrl, userPoolId: first.outputs.userPoolId, apiKey: first.outputs.apiKey });
    expect(served.demoUsers).toBeUndefined();
    // The payment provider is the local Stripe (API.md §7); its key is in outputs.json, not served.
    expect(outputs).toMatchObject({ stripeEndpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), stripeSecretKey: 'sk_test_local' });
    expect(served.stripeSecretKey).toBeUndefined();
    expect(served.stripeEndpoint).toBe(outputs.stripeEndpoint);
    expect(outputs.demoUsers.shopper.username).toBe('shopper');
    // The sandbox outage switches take exactly {"on": boolean} (API.md §7).
    expect((await fetch(`${first.outputs.webUrl}_sandbox/payment/outage`, { method: 'POST', body: '{"on": "yes"}' })).status).toBe(400);
    const switched = await fetch(`${first.outputs.webUrl}_sandbox/payment/outage`, { method: 'POST', body: '{"on": false}' });
    expect(await switched.json()).toEqual({ provider: 'payment', outage: false });
  } finally {
    doc.destroy();
    await first.close();
  }

  const second = await startPlatform(config);
  const again = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(second.outputs.dynamodbEndpoint)));
  try {
    expect(await scanAll(again, tables.Products.tableName)).toHaveLength(catalogue.length);
    const stockRows = await scanAll(again, tables.Inventory.tableName);
    expect(stockRows.filter((row) => String(row.pk).startsWith('PRODUCT#'))).toHaveLength(catalogue.length * 3);
    const { Item } = await again.send(new GetCommand({ TableName: tables.Products.tableName, Key: { id: edited } }));
    expect(Item?.price).toEqual({ amount: 999, currency: 'USD' });
  } finally {
    again.destroy();
    await second.close();
  }
});

it('fails with a clear message when a port is taken', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as { port: number }).port;
  try {
    await expect(startPlatform({ ...config, dynamodbPort: port })).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use`);
  } finally {
    blocker.close();
  }
});
