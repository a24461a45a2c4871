// No acknowledged order lost (issue 16): StoreOrder writes the order to its home region's store
// and, before it answers, the identical item to the nearest other region's store (locally: the peer
// DynamoDB endpoint from LOCAL_PEER_REGIONS, API.md §8). Two real local DynamoDB stores stand for
// two regions; EventBridge is mocked. The conditional copy follows the PutItem condition semantics
// of https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html
// and relies on last-writer-wins between identical items, as global tables resolve concurrent
// writes: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html
import '../unit/helpers/env.ts';
import 'aws-sdk-client-mock-jest';
import { mockClient } from 'aws-sdk-client-mock';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { startTestDynamoDB, type TestDynamoDB } from '../support/local-dynamodb.ts';
import { lambdaContext } from '../unit/helpers/context.ts';
import { usAddress } from '../unit/helpers/fixtures.ts';
import { handler as storeOrder } from '../../tasks/orders/store-order.ts';
import { hostClients } from '../../tasks/lib/clients.ts';
import { forgetPeerClients } from '../../tasks/regions/peers.ts';
import { closedPort } from './closed-port.ts';
import { delayingProxy } from './delaying-proxy.ts';

const events = mockClient(EventBridgeClient);
let home: TestDynamoDB;
let europe: TestDynamoDB;
let asia: TestDynamoDB;

beforeAll(async () => {
  [home, europe, asia] = await Promise.all([startTestDynamoDB(), startTestDynamoDB(undefined, undefined, 'eu-west-1'), startTestDynamoDB(undefined, undefined, 'ap-southeast-1')]);
  process.env.AWS_ENDPOINT_URL_DYNAMODB = home.endpoint;
  hostClients({});
});
afterAll(async () => {
  forgetPeerClients();
  await Promise.all([home.close(), europe.close(), asia.close()]);
});
beforeEach(() => {
  events.reset();
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
  forgetPeerClients();
});

function peers(regions: Record<string, string>): void {
  process.env.LOCAL_PEER_REGIONS = JSON.stringify(Object.fromEntries(
    Object.entries(regions).map(([region, dynamodbEndpoint]) => [region, { dynamodbEndpoint }])));
}

const input = (orderId: string) => ({
  orderId, executionId: `checkout-${orderId}`, userId: 'user-1', idempotencyKey: `key-${orderId}`,
  items: [{ productId: 'p-cigar', name: 'Robusto', quantity: 2, unitPrice: { amount: 1_250, currency: 'USD' } }],
  itemsTotal: { amount: 2_500, currency: 'USD' }, deliveryPrice: { amount: 599, currency: 'USD' }, total: { amount: 3_099, currency: 'USD' },
  deliveryAddress: usAddress, authorisationId: 'auth_1',
});
const read = async (store: TestDynamoDB, id: string) => (await store.doc.send(new GetCommand({ TableName: 'bigsmokes-orders', Key: { id } }))).Item;
/** The order as the copy in `store` holds it (an item of its own, COPY#<id>). */
const copyIn = async (store: TestDynamoDB, id: string) => (await read(store, `COPY#${id}`))?.order;

test('before answering, the identical order is in the nearest other continent (eu-west-1 for us-east-1), not elsewhere, in an item of its own', async () => {
  peers({ 'us-east-1': home.endpoint, 'ap-southeast-1': asia.endpoint, 'eu-west-1': europe.endpoint });
  const order = await storeOrder(input('ORDERCOPY1'), lambdaContext);
  expect(order).toMatchObject({ homeRegion: 'us-east-1', ownerEpoch: 0, status: 'PLACED' });
  const stored = await read(home, 'ORDERCOPY1');
  expect(await copyIn(europe, 'ORDERCOPY1')).toEqual(stored);
  expect(await read(europe, 'COPY#ORDERCOPY1')).toMatchObject({ copyOf: 'ORDERCOPY1', copyHome: 'us-east-1' });
  // The order's own item is written by its home region alone (replication brings it).
  expect(await read(europe, 'ORDERCOPY1')).toBeUndefined();
  expect(await copyIn(asia, 'ORDERCOPY1')).toBeUndefined();
});

// Found by the 20/s drill (orders back at PLACED): a copy written as the order's own item, applied
// by a loaded region after the client's 600 ms bound, was the newest write of the order and, under
// last-writer-wins, undid the saga's next change. A copy is now an item of its own.
test('a copy its region applies late, after StoreOrder gave up on it, never touches the order\'s own item', async () => {
  const slowEurope = await delayingProxy(europe.endpoint, 900);
  try {
    peers({ 'eu-west-1': slowEurope.endpoint, 'ap-southeast-1': asia.endpoint });
    await storeOrder(input('ORDERCOPY6'), lambdaContext);
    expect(await copyIn(asia, 'ORDERCOPY6')).toEqual(await read(home, 'ORDERCOPY6'));
    // Europe applies the copy it was sent once StoreOrder had moved on to Asia.
    for (let i = 0; i < 50 && await read(europe, 'COPY#ORDERCOPY6') === undefined; i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await copyIn(europe, 'ORDERCOPY6')).toEqual(await read(home, 'ORDERCOPY6'));
    expect(await read(europe, 'ORDERCOPY6')).toBeUndefined();
  } finally {
    await slowEurope.close();
  }
});

test('a replay copies what the first attempt may have left uncopied, and never overwrites the copy', async () => {
  peers({ 'eu-west-1': `http://127.0.0.1:${await closedPort()}` });
  await storeOrder(input('ORDERCOPY2'), lambdaContext);
  expect(await copyIn(europe, 'ORDERCOPY2')).toBeUndefined();
  peers({ 'eu-west-1': europe.endpoint });
  forgetPeerClients();
  await storeOrder({ ...input('ORDERCOPY2'), executionId: 'checkout-retried' }, lambdaContext);
  const stored = await read(home, 'ORDERCOPY2');
  expect(await copyIn(europe, 'ORDERCOPY2')).toEqual(stored);
  await storeOrder({ ...input('ORDERCOPY2'), executionId: 'checkout-third' }, lambdaContext);
  expect(await copyIn(europe, 'ORDERCOPY2')).toEqual(stored);
});

test('the nearest region down: the copy goes to the next one', async () => {
  peers({ 'eu-west-1': `http://127.0.0.1:${await closedPort()}`, 'ap-southeast-1': asia.endpoint });
  await storeOrder(input('ORDERCOPY3'), lambdaContext);
  expect(await copyIn(asia, 'ORDERCOPY3')).toEqual(await read(home, 'ORDERCOPY3'));
});

test('every other region down: the order is still stored and acknowledged (availability over the second copy)', async () => {
  peers({ 'eu-west-1': `http://127.0.0.1:${await closedPort()}`, 'ap-southeast-1': `http://127.0.0.1:${await closedPort()}` });
  await expect(storeOrder(input('ORDERCOPY4'), lambdaContext)).resolves.toMatchObject({ id: 'ORDERCOPY4', status: 'PLACED' });
  expect(await read(home, 'ORDERCOPY4')).toBeDefined();
});

test('a single-region platform (no peers) writes only its own store', async () => {
  delete process.env.LOCAL_PEER_REGIONS;
  await storeOrder(input('ORDERCOPY5'), lambdaContext);
  expect(await read(home, 'ORDERCOPY5')).toBeDefined();
  expect(await copyIn(europe, 'ORDERCOPY5')).toBeUndefined();
});
