// Issue 21: the platform (`node local/main.ts`) killed with -9 and started again at once on the same
// data directory, 20 times in a row with sagas in flight (orders being placed, packed, delivered):
// every start succeeds (the killed process, not yet reaped, holds no lock), and in the end every
// order exists once and its Fulfilment saga finished once, with the tables consistent.
import { ListExecutionsCommand, RedriveExecutionCommand, SFNClient, type ExecutionListItem } from '@aws-sdk/client-sfn';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { GraphQLClient } from 'graphql-request';
import { tables } from '../../infra/tables.ts';
import { localClientConfig } from '../../local/aws/client-config.ts';
import { seededGenerator } from '../../local/seeded-random.ts';
import { checkInvariants } from '../support/invariants.ts';
import { CONFIRM_PACKED, PLACE_ORDER, PRODUCTS, UPDATE_DELIVERY, usAddress } from '../support/operations.ts';
import { startPlatformProcess, type PlatformProcess } from '../support/platform-process.ts';
import { tempDirs } from '../support/temp-dirs.ts';

const RESTARTS = 20;
const ORDERS_PER_START = 5;
const tempDir = tempDirs('bigsmokes-crash-');

interface Product { id: string; price: { amount: number; currency: string }; stock: number }
interface OrderRow { id: string; status: string }

function docFor(platform: PlatformProcess): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(platform.outputs.dynamodbEndpoint, platform.outputs.region)));
}

async function orders(doc: DynamoDBDocumentClient): Promise<OrderRow[]> {
  const rows: OrderRow[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: tables.Orders.tableName, ExclusiveStartKey }));
    rows.push(...(page.Items ?? []).filter((item) => item.status !== undefined && typeof item.id === 'string') as OrderRow[]);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return rows;
}

/** The staff's next step for each order the saga waits on (errors: a step already taken before a kill). */
function advance(rows: readonly OrderRow[], warehouse: GraphQLClient, delivery: GraphQLClient): Promise<unknown>[] {
  return rows.flatMap((o) => {
    if (o.status === 'PACKING') return [warehouse.request(CONFIRM_PACKED, { orderId: o.id, packages: 1 }).catch(() => undefined)];
    if (o.status === 'SHIPPED') return [delivery.request(UPDATE_DELIVERY, { orderId: o.id, status: 'DELIVERED' }).catch(() => undefined)];
    return [];
  });
}

let platform: PlatformProcess | undefined;
afterAll(async () => { await platform?.stop(); });

test(`kill -9 and an immediate restart, ${RESTARTS} times with sagas in flight: every start succeeds, every saga finishes once`, async () => {
  const dataDir = tempDir();
  const next = seededGenerator(21);
  platform = await startPlatformProcess(dataDir);
  const products = (await (await platform.as('shopper')).request<{ products: { items: Product[] } }>(PRODUCTS, { limit: 100 }))
    .products.items.filter((p) => p.stock >= 40);
  const inputs = new Map<string, object>();

  for (let start = 0; start < RESTARTS; start += 1) {
    const [shopper, warehouse, delivery] = await Promise.all(['shopper', 'warehouse', 'delivery'].map((role) => platform!.as(role)));
    const doc = docFor(platform);
    const work = advance(await orders(doc), warehouse, delivery);
    for (let i = 0; i < ORDERS_PER_START; i += 1) {
      const product = products[Math.floor(next() * products.length)];
      const input = { idempotencyKey: `crash-${start}-${i}`, paymentToken: 'tok_visa', deliveryAddress: usAddress,
        items: [{ productId: product.id, quantity: 1, unitPrice: product.price }] };
      inputs.set(input.idempotencyKey, input);
      work.push(shopper.request(PLACE_ORDER, { input }).catch(() => undefined));
    }
    await new Promise((resolve) => setTimeout(resolve, next() * 400));
    doc.destroy();
    platform.kill();
    // At once: the killed process may not even be reaped yet.
    const restarted = startPlatformProcess(dataDir);
    await Promise.allSettled(work);
    platform = await restarted;
  }

  // A client that got no answer retries with the same key and body: the same order, never a second.
  const shopper = await platform.as('shopper');
  const ids = new Set<string>();
  // A checkout killed mid-run holds its key IN_PROGRESS until its deadline (API.md: OperationInProgress,
  // "retry later"), so the client retries that answer with a pause, as a real client does.
  const place = async (input: object): Promise<string> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return (await shopper.request<{ placeOrder: { id: string } }>(PLACE_ORDER, { input })).placeOrder.id;
      } catch (err) {
        const type = (err as { response?: { errors?: { errorType?: string }[] } }).response?.errors?.[0]?.errorType;
        if (type !== 'OperationInProgress' || attempt >= 30) throw err;
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
    }
  };
  for (const input of inputs.values()) ids.add(await place(input));
  expect(ids.size).toBe(inputs.size);

  const [warehouse, delivery] = await Promise.all([platform.as('warehouse'), platform.as('delivery')]);
  const doc = docFor(platform);
  const sfn = new SFNClient(localClientConfig(platform.outputs.stepFunctionsEndpoint!, platform.outputs.region));
  const list = async () => {
    const executions: ExecutionListItem[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn: platform!.outputs.stateMachines!.fulfilment, nextToken }));
      executions.push(...page.executions!);
      nextToken = page.nextToken;
    } while (nextToken);
    return executions;
  };
  // Twenty kills in a row are an outage: a task killed mid-call holds its key in progress until its
  // deadline, and a saga whose retries run out first fails in place; support redrives it (DESIGN.md,
  // the redrive runbook), and it finishes once. Redrives are counted, not hidden.
  const redrivenAt = new Map<string, number>();
  const redriveFailed = async () => {
    for (const { status, executionArn } of await list()) {
      if (status !== 'FAILED' || executionArn === undefined || Date.now() - (redrivenAt.get(executionArn) ?? 0) < 10_000) continue;
      redrivenAt.set(executionArn, Date.now());
      await sfn.send(new RedriveExecutionCommand({ executionArn }));
    }
  };
  const deadline = Date.now() + 300_000;
  let rows = await orders(doc);
  while (rows.some((o) => o.status !== 'DELIVERED') && Date.now() < deadline) {
    await redriveFailed();
    await Promise.all(advance(rows, warehouse, delivery));
    await new Promise((resolve) => setTimeout(resolve, 200));
    rows = await orders(doc);
  }
  expect(rows.filter((o) => o.status !== 'DELIVERED')).toEqual([]);
  expect(new Set(rows.map((o) => o.id))).toEqual(ids);

  // DELIVERED is written by the saga's last task; the execution ends just after.
  let executions = await list();
  while (executions.some((e) => e.status === 'RUNNING') && Date.now() < deadline + 120_000) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    executions = await list();
  }
  console.log(`crash-restart: ${redrivenAt.size} of ${executions.length} Fulfilment executions redriven after the outage`);
  sfn.destroy();
  expect(executions.filter((e) => e.status !== 'SUCCEEDED')).toEqual([]);
  expect(executions).toHaveLength(ids.size);

  expect(await checkInvariants(doc)).toEqual([]);
  doc.destroy();
}, 900_000);
