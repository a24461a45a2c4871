// What every reliability scenario shares: a platform process on a fresh data directory, a GraphQL
// client that counts 5xx answers, the staff steps that move sagas on, and the end-of-run checks
// (one order per key, every saga finished once, the invariant checker over the tables).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ListExecutionsCommand, SFNClient, type ExecutionListItem } from '@aws-sdk/client-sfn';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import Stripe from 'stripe';
import { tables } from '../../infra/tables.ts';
import { localClientConfig } from '../../local/aws/client-config.ts';
import { seededGenerator } from '../../local/seeded-random.ts';
import { checkInvariants } from '../../test/support/invariants.ts';
import { CONFIRM_PACKED, PLACE_ORDER, PRODUCTS, UPDATE_DELIVERY, usAddress } from '../../test/support/operations.ts';
import { startPlatformProcess, type PlatformProcess } from '../../test/support/platform-process.ts';

/** One line of the table: a scenario's runs and what went wrong (every count but orders must be 0). */
export interface Row {
  scenario: string;
  runs: number;
  orders: number;
  twice: number;
  lost: number;
  fiveXx: number;
  violations: number;
  memoryStartMb: number;
  memoryEndMb: number;
  note?: string;
}

export interface Product { id: string; price: { amount: number; currency: string }; stock: number }
export interface OrderRow { id: string; status: string; idempotencyKey?: string }
export const TERMINAL = new Set(['DELIVERED', 'CANCELLED', 'FAILED', 'REFUNDED']);

/** A seeded generator, so a run can be repeated. */
export const random = seededGenerator;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resident memory of a process, MB (Linux /proc). */
export function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Math.round(Number(kb ?? 0) / 1024);
}

export interface Answer<T> { status: number; data?: T; errorType?: string }

/** GraphQL over fetch, as a client app sends it; 5xx answers and dropped connections are counted. */
export class Api {
  fiveXx = 0;
  readonly url: string;
  private readonly platform: PlatformProcess;

  constructor(platform: PlatformProcess) {
    this.platform = platform;
    this.url = platform.outputs.graphqlUrl!;
  }

  async as(role: string): Promise<string> {
    return this.platform.token(role);
  }

  async raw(body: unknown, headers: Record<string, string>): Promise<{ status: number; text: string }> {
    const res = await fetch(this.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await res.text();
    if (res.status >= 500) this.fiveXx += 1;
    return { status: res.status, text };
  }

  async call<T>(role: string, query: string, variables: object = {}): Promise<Answer<T>> {
    const { status, text } = await this.raw({ query, variables }, { authorization: await this.as(role) });
    const body = JSON.parse(text) as { data?: Record<string, unknown>; errors?: { errorType?: string }[] };
    const data = body.data ? (Object.values(body.data)[0] as T) : undefined;
    return { status, data: body.errors?.length ? undefined : data, errorType: body.errors?.[0]?.errorType };
  }
}

export function orderInput(key: string, product: Product, token = 'tok_visa') {
  return { idempotencyKey: key, paymentToken: token, deliveryAddress: usAddress, items: [{ productId: product.id, quantity: 1, unitPrice: product.price }] };
}

export async function placeOrder(api: Api, input: object, attempts = 20): Promise<string | undefined> {
  for (let i = 0; i < attempts; i += 1) {
    const answer = await api.call<{ id: string }>('shopper', PLACE_ORDER, { input }).catch(() => undefined);
    if (answer?.data) return answer.data.id;
    if (answer?.errorType && !/Unavailable|Internal|Conflict|Throttl/.test(answer.errorType)) return undefined;
    await sleep(200);
  }
  return undefined;
}

export async function products(api: Api, minStock = 40): Promise<Product[]> {
  const answer = await api.call<{ items: Product[] }>('shopper', PRODUCTS, { limit: 100 });
  return answer.data!.items.filter((p) => p.stock >= minStock);
}

export interface Started {
  readonly platform: PlatformProcess;
  readonly api: Api;
  readonly doc: DynamoDBDocumentClient;
  readonly sfn: SFNClient;
  readonly dataDir: string;
  close(): void;
}

export function attach(platform: PlatformProcess, dataDir: string): Started {
  const { outputs } = platform;
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(outputs.dynamodbEndpoint, outputs.region)));
  const sfn = new SFNClient(localClientConfig(outputs.stepFunctionsEndpoint!, outputs.region));
  return { platform, api: new Api(platform), doc, sfn, dataDir, close: () => { doc.destroy(); sfn.destroy(); } };
}

export async function startFresh(env: Record<string, string> = {}): Promise<Started> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bigsmokes-reliability-'));
  return attach(await startPlatformProcess(dataDir, env), dataDir);
}

export async function stop(started: Started): Promise<void> {
  started.close();
  await started.platform.stop();
  rmSync(started.dataDir, { recursive: true, force: true });
}

export async function orders(doc: DynamoDBDocumentClient): Promise<OrderRow[]> {
  const rows: OrderRow[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: tables.Orders.tableName, ExclusiveStartKey }));
    rows.push(...(page.Items ?? []).filter((item) => typeof item.status === 'string' && typeof item.id === 'string') as OrderRow[]);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return rows;
}

/** The staff's next step for each order a saga waits on; errors are steps already taken. */
export function advance(api: Api, rows: readonly OrderRow[]): Promise<unknown>[] {
  return rows.flatMap((o) => {
    if (o.status === 'PACKING') return [api.call('warehouse', CONFIRM_PACKED, { orderId: o.id, packages: 1 }).catch(() => undefined)];
    if (o.status === 'SHIPPED') return [api.call('delivery', UPDATE_DELIVERY, { orderId: o.id, status: 'DELIVERED' }).catch(() => undefined)];
    return [];
  });
}

/** Moves every order on until all are terminal or `ms` pass; returns the last rows. */
export async function driveToEnd(s: Started, ms = 120_000): Promise<OrderRow[]> {
  const deadline = Date.now() + ms;
  let rows = await orders(s.doc);
  while (rows.some((o) => !TERMINAL.has(o.status)) && Date.now() < deadline) {
    await Promise.all(advance(s.api, rows));
    await sleep(250);
    rows = await orders(s.doc);
  }
  return rows;
}

export async function executions(s: Started, machine: string): Promise<ExecutionListItem[]> {
  const list: ExecutionListItem[] = [];
  let nextToken: string | undefined;
  do {
    const page = await s.sfn.send(new ListExecutionsCommand({ stateMachineArn: s.platform.outputs.stateMachines![machine], nextToken }));
    list.push(...page.executions!);
    nextToken = page.nextToken;
  } while (nextToken);
  return list;
}

/**
 * The end of a run: `ids` are the orders the clients were answered with (per key). Twice: keys
 * answered with more than one order, orders no key was answered with, Fulfilment executions beyond
 * one per order. Lost: orders answered but absent, or not finished (saga still RUNNING or FAILED).
 * Violations: the invariant checker over the tables and the provider.
 */
export async function verify(s: Started, answered: Map<string, Set<string>>, rows?: OrderRow[]): Promise<Pick<Row, 'orders' | 'twice' | 'lost' | 'violations'>> {
  const all = rows ?? (await orders(s.doc));
  const known = new Set([...answered.values()].flatMap((ids) => [...ids]));
  const stored = new Set(all.map((o) => o.id));
  let twice = [...answered.values()].filter((ids) => ids.size > 1).length + all.filter((o) => !known.has(o.id)).length;
  const deadline = Date.now() + 30_000;
  let fulfilment = await executions(s, 'fulfilment');
  while (fulfilment.some((e) => e.status === 'RUNNING') && Date.now() < deadline) {
    await sleep(250);
    fulfilment = await executions(s, 'fulfilment');
  }
  twice += Math.max(0, fulfilment.length - new Set(fulfilment.map((e) => e.name)).size);
  const lost = [...known].filter((id) => !stored.has(id)).length
    + all.filter((o) => !TERMINAL.has(o.status)).length
    + fulfilment.filter((e) => e.status !== 'SUCCEEDED').length;
  // The provider's side too (one hold, one capture per order), read through Stripe's API.
  const { stripeEndpoint, stripeSecretKey } = s.platform.outputs;
  const url = stripeEndpoint ? new URL(stripeEndpoint) : undefined;
  const provider = url && stripeSecretKey ? new Stripe(stripeSecretKey, { host: url.hostname, port: Number(url.port), protocol: 'http' }) : undefined;
  const violations = await checkInvariants(s.doc, { provider });
  for (const v of violations.slice(0, 5)) console.error(`  invariant ${v.rule} ${v.subject}: ${v.detail}`);
  return { orders: stored.size, twice, lost, violations: violations.length };
}

export function record(answered: Map<string, Set<string>>, key: string, id: string | undefined): void {
  if (!id) return;
  if (!answered.has(key)) answered.set(key, new Set());
  answered.get(key)!.add(id);
}
