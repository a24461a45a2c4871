// `npm run cost:measure`: runs the local platform (as `npm start` runs it: DynamoDB journalled on its
// own thread) over a sample of orders, one operation at a time, and counts per operation what AWS
// bills per request: DynamoDB reads and writes per table (the endpoint's own counter, usage.ts),
// Lambda invocations and their duration here, and status events (each status change is one
// OrderStatusChanged event). Writes bench/results/operations.json, which `npm run cost` and
// `npm run latency` read.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GraphQLClient } from 'graphql-request';
import { tables as awsTables } from '../infra/tables.ts';
import { localClientConfig } from '../local/aws/client-config.ts';
import { loadConfig } from '../local/config.ts';
import { functionNameOf } from '../local/lambda/function-arn.ts';
import { startPlatform } from '../local/platform.ts';
import type { TableUsage } from '../local/dynamodb/usage.ts';
import { machine, writeResults } from '../bench/lib/report.ts';
import {
  CANCEL_ORDER, CONFIRM_PACKED, MY_ORDERS, ORDER, PLACE_ORDER, PRODUCT, PRODUCTS, REQUEST_REFUND, UPDATE_DELIVERY, usAddress,
} from '../test/support/operations.ts';

const SAMPLE = Number(process.env.COST_SAMPLE ?? 12);
const billed = new Set(Object.values(awsTables).map((t) => t.tableName));

interface OperationCounts {
  /** How many times the operation ran in the sample. */
  runs: number;
  /** Per run: DynamoDB usage per table (tables of infra/tables.ts only: the emulators' own are not on AWS). */
  tables: Record<string, Omit<TableUsage, 'operations'> & { operations: Record<string, number> }>;
  /** Per run: invocations per task and their mean duration here (ms). */
  lambda: Record<string, { invocations: number; meanMs: number }>;
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'bigsmokes-cost-'));
const platform = await startPlatform(loadConfig({ LOCAL_DATA_DIR: dataDir, PORT: '0', DDB_PORT: '0', SFN_PORT: '0', COGNITO_PORT: '0', EVENTS_PORT: '0', STRIPE_PORT: '0' }));
const { outputs } = platform;

// Every invocation of the local Lambda runtime (sagas and AppSync's Lambda data source), timed.
const invocations = new Map<string, number[]>();
const lambda = platform.stepFunctions.lambda;
const invoke = lambda.invoke.bind(lambda);
lambda.invoke = async (arn, payload) => {
  const started = performance.now();
  try {
    return await invoke(arn, payload);
  } finally {
    const task = (functionNameOf(arn) ?? arn).replace(/^bigsmokes-/, '');
    invocations.set(task, [...(invocations.get(task) ?? []), performance.now() - started]);
  }
};

const cognito = new CognitoIdentityProviderClient(localClientConfig(outputs.cognitoEndpoint!, outputs.region));
const as = async (role: 'shopper' | 'warehouse' | 'delivery') => {
  const { AuthenticationResult } = await cognito.send(new InitiateAuthCommand({ ClientId: outputs.userPoolClientId, AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: outputs.demoUsers![role].username, PASSWORD: outputs.demoUsers![role].password } }));
  return new GraphQLClient(outputs.graphqlUrl!, { headers: { authorization: AuthenticationResult!.IdToken! } });
};
const [shopper, warehouse, delivery] = [await as('shopper'), await as('warehouse'), await as('delivery')];
const anonymous = new GraphQLClient(outputs.graphqlUrl!, { headers: { 'x-api-key': outputs.apiKey! } });

type Order = { id: string; status: string; history: unknown[]; total: { amount: number; currency: string } };
const { products } = await anonymous.request<{ products: { items: { id: string; price: { amount: number; currency: string } }[] } }>(PRODUCTS, { limit: 1 });
const product = products.items[0];
const orderOf = async (id: string) => (await shopper.request<{ order: Order }>(ORDER, { id })).order;
const waitFor = async (id: string, statuses: string[]) => {
  for (let i = 0; i < 400; i += 1) {
    const order = await orderOf(id);
    if (statuses.includes(order.status)) return order;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`order ${id} never reached ${statuses.join('/')}`);
};
// Event deliveries (publishOrderUpdate) and the tasks after a token finish after the status shows.
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));
let keys = 0;
const place = async () => (await shopper.request<{ placeOrder: Order }>(PLACE_ORDER, { input: {
  idempotencyKey: `cost-${keys++}`, paymentToken: 'tok_visa', deliveryAddress: usAddress,
  items: [{ productId: product.id, quantity: 1, unitPrice: product.price }] } })).placeOrder;

const results: Record<string, OperationCounts> = {};
/** Runs `operation` over `ids`, one at a time, and keeps the counts per run (counted before the progress checks that follow). */
async function measure<T>(name: string, ids: readonly T[], operation: (id: T) => Promise<unknown>, after: (id: T) => Promise<unknown> = async () => undefined) {
  await settle(); // nothing pending from the previous phase
  const before = await platform.dynamodb.usage();
  invocations.clear();
  for (const id of ids) await operation(id);
  await settle();
  const between = await platform.dynamodb.usage();
  for (const id of ids) await after(id);
  const tables: OperationCounts['tables'] = {};
  for (const table of billed) {
    const delta = (key: keyof Omit<TableUsage, 'operations'>) => ((between[table]?.[key] ?? 0) - (before[table]?.[key] ?? 0)) / ids.length;
    const ops: Record<string, number> = {};
    for (const [op, n] of Object.entries(between[table]?.operations ?? {})) {
      const d = (n - (before[table]?.operations[op] ?? 0)) / ids.length;
      if (d > 0) ops[op] = d;
    }
    const usage = { readCalls: delta('readCalls'), readItems: delta('readItems'), consistentReadItems: delta('consistentReadItems'), writeItems: delta('writeItems'),
      transactionalWriteItems: delta('transactionalWriteItems'), transactionalReadItems: delta('transactionalReadItems'), operations: ops };
    if (Object.keys(ops).length > 0) tables[table] = usage;
  }
  results[name] = {
    runs: ids.length, tables,
    lambda: Object.fromEntries([...invocations].map(([task, ms]) => [task, { invocations: ms.length / ids.length, meanMs: +(ms.reduce((a, b) => a + b, 0) / ms.length).toFixed(2) }])),
  };
  console.log(`${name}: ${ids.length} runs measured`);
}

const sample = Array.from({ length: SAMPLE }, (_, i) => i);
try {
  // Warm-up: one order through its life, so module loading is not counted.
  const warm = await place();
  await waitFor(warm.id, ['PACKING']);
  await warehouse.request(CONFIRM_PACKED, { orderId: warm.id, packages: 1 });
  await waitFor(warm.id, ['SHIPPED']);
  await settle(); // the delivery token is stored just after the status changes
  await delivery.request(UPDATE_DELIVERY, { orderId: warm.id, status: 'DELIVERED' });
  await waitFor(warm.id, ['DELIVERED']);

  await measure('product', sample, () => anonymous.request(PRODUCT, { id: product.id }));
  await measure('products', sample, () => anonymous.request(PRODUCTS, { limit: 20 }));
  const placed: string[] = [];
  await measure('placeOrder', sample, async () => placed.push((await place()).id));
  for (const id of placed) await waitFor(id, ['PACKING']);
  await measure('confirmPacked', placed, (id) => warehouse.request(CONFIRM_PACKED, { orderId: id, packages: 1 }), (id) => waitFor(id, ['SHIPPED']));
  await measure('delivered', placed, (id) => delivery.request(UPDATE_DELIVERY, { orderId: id, status: 'DELIVERED' }), (id) => waitFor(id, ['DELIVERED']));
  await measure('order', placed, (id) => shopper.request(ORDER, { id }));
  await measure('myOrders', sample, () => shopper.request(MY_ORDERS, { limit: 20 }));
  const history = (await Promise.all(placed.map(orderOf))).map((o) => o.history.length);
  const toCancel: string[] = [];
  for (let i = 0; i < Math.max(3, SAMPLE / 3); i += 1) {
    const order = await place();
    await waitFor(order.id, ['PACKING']);
    toCancel.push(order.id);
  }
  await measure('cancelOrder', toCancel, (id) => shopper.request(CANCEL_ORDER, { id }), (id) => waitFor(id, ['CANCELLED']));
  const toRefund = placed.slice(0, Math.max(3, SAMPLE / 3));
  await measure('requestRefund', toRefund, async (id) => {
    const order = await orderOf(id);
    await shopper.request(REQUEST_REFUND, { input: { orderId: id, amount: { amount: 100, currency: order.total.currency }, reason: 'Wrapper cracked', idempotencyKey: `refund-${id}` } });
  }, (id) => waitFor(id, ['PARTIALLY_REFUNDED', 'REFUNDED']));

  // The scheduled tasks (an EventBridge rule each, in every region), run as their rule runs them: an event with an id.
  // Their reads grow with what they look over (the sample's orders here), which the counts below are for.
  const ordersHere = placed.length + toCancel.length + 1;
  for (const task of ['SweepReservations', 'ReconcilePayments']) {
    await measure(task, sample.slice(0, 3), () => lambda.invoke(lambda.functionArn(task), { id: randomUUID() }));
  }

  const file = writeResults('operations', {
    what: 'Per user operation, what AWS bills per request, counted on the local platform as npm start runs it (DynamoDB journalled on its own thread), '
      + 'one operation at a time: DynamoDB reads and writes per table (items; consistent and transactional apart), Lambda invocations per task and their '
      + 'mean duration here (in-process, local DynamoDB: not an AWS duration), and the status changes (OrderStatusChanged events) of a delivered order.',
    sample: SAMPLE,
    scheduledTasks: 'SweepReservations and ReconcilePayments: run as their schedules run them, each over what the sample leaves behind (scheduledOverOrders orders)',
    scheduledOverOrders: ordersHere,
    statusChangesPerDeliveredOrder: history.reduce((a, b) => a + b, 0) / history.length,
    operations: results,
  });
  console.log(`written to ${file} (${machine().cpus} cores)`);
} finally {
  cognito.destroy();
  await platform.close();
  rmSync(dataDir, { recursive: true, force: true });
}
