// Cross-region idempotency of placeOrder (issue 16, API.md: "Same key and same body: the same order
// again, never a second one"): a shopper whose placeOrder timed out in one region and who sends the
// same key to another region gets the order the first region placed, or "being placed" while it
// runs, never a second order, a second hold at the provider or a second saga. Three local regions
// with replication slowed to 6 s, so every retry below reaches its region before the first
// region's writes do (global tables replicate asynchronously, last writer wins:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html).
// Effects are checked where they happen: the provider's PaymentIntents, each region's Step
// Functions and each region's table.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { GraphQLClient } from 'graphql-request';
import { localClientConfig } from '../../local/aws/client-config.ts';
import type { Outputs } from '../../local/outputs.ts';
import { startRegions, type LocalRegions } from '../../local/regions/launcher.ts';
import { freePortOffset } from '../../local/regions/region-ports.ts';
import { tables } from '../../infra/tables.ts';
import { auditor, providerRecords } from '../support/payment-provider.ts';
import { PRODUCTS } from '../support/operations.ts';

const names = ['us-east-1', 'eu-west-1', 'ap-southeast-1'];
const dataDir = mkdtempSync(path.join(tmpdir(), 'cross-region-retry-'));
let regions: LocalRegions;
let outputs: Outputs;
let token: string;
let product: { id: string; price: { amount: number; currency: string } };

interface Placed { id: string; status: string; homeRegion?: string }
const PLACE_ORDER = 'mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) { id status homeRegion } }';

beforeAll(async () => {
  regions = await startRegions({ regions: names, dataDir, portOffset: await freePortOffset(names.length), log: () => undefined, env: { LOCAL_REPLICATION_LAG_MS: '6000' } });
  outputs = regions.outputs();
  const user = outputs.demoUsers!.shopper!;
  const response = await fetch(outputs.cognitoEndpoint!, {
    method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
    body: JSON.stringify({ ClientId: outputs.userPoolClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: user.username, PASSWORD: user.password } }),
  });
  token = ((await response.json()) as { AuthenticationResult: { IdToken: string } }).AuthenticationResult.IdToken;
  const { products } = await api('us-east-1').request<{ products: { items: (typeof product & { stock: number })[] } }>(PRODUCTS, { limit: 50 });
  product = products.items.find((p) => p.stock > 20)!;
}, 240_000);
afterAll(async () => {
  await regions?.close();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

const api = (region: string) => new GraphQLClient(outputs.regions![region]!.graphqlUrl, { headers: { authorization: token } });
const orderInput = (idempotencyKey: string) => ({
  idempotencyKey, paymentToken: 'tok_visa',
  deliveryAddress: { name: 'Retry Shopper', line1: '1 Main Street', city: 'Austin', postalCode: '78701', country: 'US' },
  items: [{ productId: product.id, quantity: 1, unitPrice: product.price }],
});
const place = async (region: string, key: string) => (await api(region).request<{ placeOrder: Placed }>(PLACE_ORDER, { input: orderInput(key) })).placeOrder;
const errorTypeOf = (error: unknown) => (error as { response?: { errors?: { errorType?: string }[] } }).response?.errors?.[0]?.errorType;

/** placeOrder in `region`, asked again while the answer is OperationInProgress (the key is being placed elsewhere). */
async function placeAsking(region: string, key: string, seen: string[] = []): Promise<Placed> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await place(region, key);
    } catch (error) {
      const type = errorTypeOf(error);
      if (type !== 'OperationInProgress' || attempt >= 20) throw error;
      seen.push(type);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

const doc = (region: string) => DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(outputs.regions![region]!.dynamodbEndpoint, region)));
const sfn = (region: string) => new SFNClient(localClientConfig(outputs.regions![region]!.stepFunctionsEndpoint, region));

/** Whether `region` ran a Fulfilment saga for the order (its execution name is order-<id>). */
async function fulfilmentIn(region: string, orderId: string): Promise<boolean> {
  const machine = outputs.regions![region]!.stateMachines!.fulfilment!;
  const executionArn = `${machine.replace(':stateMachine:', ':execution:')}:order-${orderId}`;
  return sfn(region).send(new DescribeExecutionCommand({ executionArn })).then(() => true, (error: Error) => {
    if (error.name === 'ExecutionDoesNotExist') return false;
    throw error;
  });
}

/** The shopper's orders with this key, as `region`'s replica holds them, once replication has delivered `orderId` there. */
async function ordersWithKey(region: string, key: string, orderId: string): Promise<Record<string, unknown>[]> {
  const client = doc(region);
  for (let i = 0; i < 60; i += 1) {
    const { Item } = await client.send(new GetCommand({ TableName: tables.Orders.tableName, Key: { id: orderId }, ConsistentRead: true }));
    if (Item !== undefined) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const { Items } = await client.send(new QueryCommand({
    TableName: tables.Orders.tableName, IndexName: 'byUser', KeyConditionExpression: 'userId = :u',
    FilterExpression: 'idempotencyKey = :k', ExpressionAttributeValues: { ':u': await userIdOf(orderId), ':k': key },
  }));
  return Items ?? [];
}
async function userIdOf(orderId: string): Promise<string> {
  const { Item } = await doc('us-east-1').send(new GetCommand({ TableName: tables.Orders.tableName, Key: { id: orderId }, ConsistentRead: true }));
  return String(Item!.userId);
}

async function expectOneOrderEverywhere(key: string, orderId: string, home: string): Promise<void> {
  const stripe = auditor(outputs.stripeEndpoint!, outputs.stripeSecretKey!);
  // One hold at the provider, whichever regions asked.
  expect((await providerRecords(stripe, orderId)).intents).toHaveLength(1);
  for (const region of names) {
    const found = await ordersWithKey(region, key, orderId);
    expect(found.map((o) => [o.id, o.homeRegion])).toEqual([[orderId, home]]);
    // Only the home region runs the order's saga.
    expect(await fulfilmentIn(region, orderId)).toBe(region === home);
  }
}

test('a retry in the order copy\'s region (eu-west-1) right after us-east-1 placed the order gets that order, and places nothing', async () => {
  const key = `retry-eu-${Date.now()}`;
  const first = await place('us-east-1', key);
  const retry = await place('eu-west-1', key);
  expect(retry).toMatchObject({ id: first.id, homeRegion: 'us-east-1' });
  await expectOneOrderEverywhere(key, first.id, 'us-east-1');
}, 120_000);

test('a retry in a region neither replication nor the order copy has reached yet (ap-southeast-1) is told the order is being placed, then gets the same order', async () => {
  const key = `retry-ap-${Date.now()}`;
  const first = await place('us-east-1', key);
  const seen: string[] = [];
  const retry = await placeAsking('ap-southeast-1', key, seen);
  expect(retry).toMatchObject({ id: first.id, homeRegion: 'us-east-1' });
  // Answered before replication delivered the order: "being placed", never a second checkout.
  expect(seen.length).toBeGreaterThan(0);
  await expectOneOrderEverywhere(key, first.id, 'us-east-1');
}, 120_000);

test('the same key sent to two regions at once places one order, held once at the provider, run by one region', async () => {
  const key = `retry-both-${Date.now()}`;
  const [a, b] = await Promise.all([placeAsking('us-east-1', key), placeAsking('eu-west-1', key)]);
  expect(b.id).toBe(a.id);
  expect(b.homeRegion).toBe(a.homeRegion);
  await expectOneOrderEverywhere(key, a.id, a.homeRegion!);
}, 120_000);

test('the same key with a different cart in another region is an IdempotencyConflict, and the first order stands', async () => {
  const key = `retry-conflict-${Date.now()}`;
  const first = await place('us-east-1', key);
  const other = { ...orderInput(key), items: [{ productId: product.id, quantity: 2, unitPrice: product.price }] };
  const attempt = api('eu-west-1').request(PLACE_ORDER, { input: other });
  await expect(attempt).rejects.toMatchObject({ response: { errors: [expect.objectContaining({ errorType: 'IdempotencyConflict' })] } });
  await expectOneOrderEverywhere(key, first.id, 'us-east-1');
}, 120_000);
