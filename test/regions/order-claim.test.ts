// The claim a checkout makes on its order id before writing anything (tasks/regions/order-claim.ts):
// a conditional put in each region's own store, of an item whose key names that region, held by a
// majority of the regions. Three real local DynamoDB stores stand for three regions' replicas of the
// Idempotency table. The condition follows PutItem's ConditionExpression and
// ReturnValuesOnConditionCheckFailure
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html); the item per
// region is what keeps the claims apart under global tables' last-writer-wins
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html).
import '../unit/helpers/env.ts';
import { execFile } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { startTestDynamoDB, type TestDynamoDB } from '../support/local-dynamodb.ts';
import { hostClients } from '../../tasks/lib/clients.ts';
import { forgetPeerClients } from '../../tasks/regions/peers.ts';
import { claimLeaseSeconds, claimOrder } from '../../tasks/regions/order-claim.ts';
import { validateOrder, type CheckoutInput } from '../../tasks/orders/validate-order.ts';
import { orderIdFor } from '../../tasks/orders/order-id.ts';
import { checkoutInput, cigar } from '../unit/helpers/fixtures.ts';
import { closedPort } from './closed-port.ts';

const run = promisify(execFile);
const names = ['us-east-1', 'eu-west-1', 'ap-southeast-1'] as const;
const stores: Record<string, TestDynamoDB> = {};

beforeAll(async () => {
  const started = await Promise.all(names.map((name) => startTestDynamoDB(undefined, undefined, name)));
  names.forEach((name, i) => { stores[name] = started[i]!; });
});
afterAll(async () => {
  forgetPeerClients();
  await Promise.all(Object.values(stores).map((store) => store.close()));
});

/**
 * Runs as the checkout of `me` would: its own store is AWS_ENDPOINT_URL_DYNAMODB, the others are
 * peers (down ones on a closed port). One process plays every region, one call at a time per region.
 */
async function as<T>(me: string, down: readonly string[], act: () => Promise<T>): Promise<T> {
  process.env.AWS_REGION = me;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = stores[me]!.endpoint;
  const peers: Record<string, { dynamodbEndpoint: string }> = {};
  for (const name of names) {
    peers[name] = { dynamodbEndpoint: down.includes(name) ? `http://127.0.0.1:${await closedPort()}` : stores[name]!.endpoint };
  }
  process.env.LOCAL_PEER_REGIONS = JSON.stringify(peers);
  hostClients({});
  forgetPeerClients();
  return act();
}

/** Who holds the order's claim item in each region's own store. */
async function holders(orderId: string): Promise<Record<string, string | undefined>> {
  const out: Record<string, string | undefined> = {};
  for (const name of names) {
    const { Items } = await stores[name]!.doc.send(new ScanCommand({ TableName: 'bigsmokes-idempotency', FilterExpression: 'orderId = :o', ExpressionAttributeValues: { ':o': orderId } }));
    expect((Items ?? []).every((item) => item.id === `order-claim#${orderId}#${name}`)).toBe(true);
    out[name] = Items?.[0]?.claimedBy as string | undefined;
  }
  return out;
}

test('the first checkout holds a majority (every region answers at once); a second region\'s checkout of the same order loses and keeps nothing', async () => {
  const first = await as('us-east-1', [], () => claimOrder('claim-1', 'us-east-1'));
  expect(first).toMatchObject({ won: true, withoutMajority: false });
  expect(first.won && first.held.length).toBeGreaterThanOrEqual(2);
  await new Promise((resolve) => setTimeout(resolve, 200)); // the farthest region's answer, if it was not awaited
  const second = await as('ap-southeast-1', [], () => claimOrder('claim-1', 'ap-southeast-1'));
  expect(second).toMatchObject({ won: false, holders: { 'us-east-1': 'us-east-1', 'eu-west-1': 'us-east-1' } });
  // The loser gave back whatever it held: only us-east-1's claims remain.
  const after = await holders('claim-1');
  expect(Object.values(after).filter((h) => h !== undefined && h !== 'us-east-1')).toEqual([]);
  expect(Object.values(after).filter((h) => h === 'us-east-1').length).toBeGreaterThanOrEqual(2);
  // The holder's own retry holds it again.
  await expect(as('us-east-1', [], () => claimOrder('claim-1', 'us-east-1'))).resolves.toMatchObject({ won: true });
});

test('checkouts of the same orders in all three regions at once (a process each): never two winners of one order', async () => {
  const ids = Array.from({ length: 30 }, (_, i) => `claim-race-${i}`);
  const peers = JSON.stringify(Object.fromEntries(names.map((name) => [name, { dynamodbEndpoint: stores[name]!.endpoint }])));
  const startAt = Date.now() + 1_500;
  const verdicts = await Promise.all(names.map(async (me) => {
    const { stdout } = await run(process.execPath, [path.join(import.meta.dirname, 'fixtures', 'claimer.ts')], {
      env: {
        ...process.env, AWS_REGION: me, AWS_ENDPOINT_URL_DYNAMODB: stores[me]!.endpoint, LOCAL_PEER_REGIONS: peers,
        AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', ORDER_IDS: ids.join(','), START_AT: String(startAt),
        POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_TRACE_ENABLED: 'false',
      },
      timeout: 60_000,
    });
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, boolean>;
  }));
  let decided = 0;
  for (const id of ids) {
    const winners = names.filter((_, i) => verdicts[i]![id]);
    expect({ id, winners: winners.length <= 1 }).toEqual({ id, winners: true });
    if (winners.length === 1) {
      decided += 1;
      // The winner holds the order in a majority of the stores; the losers hold it nowhere.
      const held = Object.values(await holders(id));
      expect(held.filter((h) => h === winners[0]).length).toBeGreaterThanOrEqual(2);
      expect(held.filter((h) => h !== undefined && h !== winners[0])).toEqual([]);
    }
  }
  // A three-way split is possible (each holds one region, all give up), but not the rule.
  expect(decided).toBeGreaterThan(ids.length / 2);
}, 90_000);

test('with the nearest region down, this region and the third make the majority (no wait for the one down)', async () => {
  const verdict = await as('us-east-1', ['eu-west-1'], () => claimOrder('claim-2', 'us-east-1'));
  expect(verdict.won && { ...verdict, held: [...verdict.held].sort() }).toEqual({ won: true, held: ['ap-southeast-1', 'us-east-1'], withoutMajority: false });
});

test('a region that takes the request and never answers (down, not refusing) is not waited for once a majority holds the claim', async () => {
  const sockets = new Set<Socket>();
  const silent = createServer((socket) => { sockets.add(socket); socket.on('close', () => sockets.delete(socket)); });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  try {
    const verdict = await as('us-east-1', [], async () => {
      const peers = JSON.parse(process.env.LOCAL_PEER_REGIONS!) as Record<string, { dynamodbEndpoint: string }>;
      peers['eu-west-1'] = { dynamodbEndpoint: `http://127.0.0.1:${(silent.address() as { port: number }).port}` };
      process.env.LOCAL_PEER_REGIONS = JSON.stringify(peers);
      forgetPeerClients();
      return claimOrder('claim-silent', 'us-east-1');
    });
    expect(verdict.won && [...verdict.held].sort()).toEqual(['ap-southeast-1', 'us-east-1']);
    // Decided while eu-west-1 still holds the request open, unanswered.
    expect(sockets.size).toBe(1);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  }
});

test('a region lost while holding a claim blocks the order until its lease has run out, then another region takes it', async () => {
  await as('us-east-1', [], () => claimOrder('claim-3', 'us-east-1'));
  const now = Date.now();
  await expect(as('eu-west-1', ['us-east-1'], () => claimOrder('claim-3', 'eu-west-1', now))).resolves.toMatchObject({ won: false });
  const later = await as('eu-west-1', ['us-east-1'], () => claimOrder('claim-3', 'eu-west-1', now + (claimLeaseSeconds + 1) * 1000));
  expect(later.won && { ...later, held: [...later.held].sort() }).toEqual({ won: true, held: ['ap-southeast-1', 'eu-west-1'], withoutMajority: false });
});

test('two regions down at once: the checkout goes on with its own region\'s claim alone (selling over the guard), and says so', async () => {
  await expect(as('ap-southeast-1', ['us-east-1', 'eu-west-1'], () => claimOrder('claim-4', 'ap-southeast-1')))
    .resolves.toEqual({ won: true, held: ['ap-southeast-1'], withoutMajority: true });
});

test('ValidateOrder in a region that loses the claim, the order not there yet, answers OperationInProgress naming the holder and keeps nothing', async () => {
  const input = checkoutInput({ idempotencyKey: 'claimed-elsewhere' }) as unknown as CheckoutInput;
  const orderId = orderIdFor(String(input.userId), input.idempotencyKey);
  await stores['ap-southeast-1']!.doc.send(new PutCommand({ TableName: 'bigsmokes-products', Item: { ...cigar, brand: 'B', category: 'cigars', updatedAt: 't' } }));
  await as('us-east-1', [], () => claimOrder(orderId, 'us-east-1'));
  await expect(as('ap-southeast-1', [], () => validateOrder(input))).rejects.toMatchObject({
    name: 'OperationInProgress', transient: true, message: expect.stringContaining('being placed in us-east-1'),
  });
  expect(Object.values(await holders(orderId)).filter((h) => h !== undefined && h !== 'us-east-1')).toEqual([]);
});

test('a single-region platform claims nothing (Powertools\' record orders a region\'s own attempts)', async () => {
  delete process.env.LOCAL_PEER_REGIONS;
  process.env.AWS_REGION = 'us-east-1';
  await expect(claimOrder('claim-5', 'us-east-1')).resolves.toEqual({ won: true, held: ['us-east-1'], withoutMajority: false });
  expect(await holders('claim-5')).toEqual({ 'us-east-1': undefined, 'eu-west-1': undefined, 'ap-southeast-1': undefined });
});
