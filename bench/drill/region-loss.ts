// The region-loss drill (issue 16, API.md §8): three local regions, a steady stream of orders from
// shoppers near each, staff moving sagas through every waiting state; the lost region goes down
// mid-stream (SIGKILL, nothing flushed), an operator evacuates it once the health checks say so,
// staff finish every order in the survivors, the region comes back and the operator hands its stock
// rows back (again while an adopted order still holds one). Measures what the issue asks.
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { tables } from '../../infra/tables.ts';
import { localClientConfig } from '../../local/aws/client-config.ts';
import type { ReplicationState } from '../../local/dynamodb/replication/replicator.ts';
import type { Outputs } from '../../local/outputs.ts';
import { startFrontDoor, type FrontDoor } from '../../local/regions/front-door.ts';
import type { HandBack } from '../../local/regions/hand-back.ts';
import { startRegions, type LocalRegions } from '../../local/regions/launcher.ts';
import { checkInvariants, scanAll } from '../../test/support/invariants.ts';
import { signedFetch } from '../../test/support/signed-request.ts';
import { RegionFailover } from '../../web/src/region-failover.ts';
import { copyId, isOrderCopy } from '../../tasks/orders/order-copy.ts';
import { askAgainWhileInProgress } from '../../web/src/ask-again.ts';
import { Latencies, type LatencySummary } from '../lib/report.ts';
import { auditProvider, type ProviderAudit } from './provider-audit.ts';
import { callGraphQL, documents, GraphQLCallError, homeRegionOf } from './graphql.ts';

export interface DrillOptions {
  readonly dataDir: string;
  readonly portOffset: number;
  readonly regions?: readonly string[];
  /** The region that goes down (default the primary, us-east-1). */
  readonly lost?: string;
  /** Orders started per second, spread evenly over shoppers near each region. */
  readonly ordersPerSecond: number;
  readonly beforeMs: number;
  /** From the loss until the region is brought back. */
  readonly outageMs: number;
  readonly afterMs: number;
  readonly replicationLagMs?: number;
  /** The front door's health checks (Route 53: 10 or 30 s, threshold 3). */
  readonly healthIntervalMs: number;
  readonly failureThreshold?: number;
  /** How long staff wait before acting on an order in each state, so that sagas wait in every state. */
  readonly staffDelayMs: number;
  readonly finishTimeoutMs: number;
  readonly log?: (line: string) => void;
  /** Each line the regions print (default: dropped). */
  readonly regionLog?: (region: string, line: string) => void;
}

type Phase = 'before' | 'during' | 'after';
type Fate = 'deliver' | 'refund' | 'cancel';

interface Placed { readonly id: string; readonly key: string; readonly shopperRegion: string; readonly homeRegion: string; readonly fate: Fate; readonly total: { amount: number; currency: string } }

export interface DrillResult {
  readonly regions: readonly string[];
  readonly lostRegion: string;
  readonly survivor?: string;
  readonly settings: Omit<DrillOptions, 'dataDir' | 'log'>;
  readonly orders: {
    readonly attempted: number;
    readonly acknowledged: number;
    /** Business refusals (OutOfStock, ...), by type. */
    readonly refused: Record<string, number>;
    /** OutOfStock answers to orders started after the lost region came back (its rows adopted, not yet handed back). */
    readonly outOfStockAfterReturn: number;
    /** Of those, the orders started once the hand-back had reached the lost region's replica. */
    readonly outOfStockAfterHandBack: number;
    /**
     * Of those, the refusals on a stock row the answering region did not own at that moment (what the
     * hand-back is for: expected 0); the rest are products sold out in that region's allocation.
     */
    readonly outOfStockOnRowNotOwned: number;
    /** No region answered at all. */
    readonly unanswered: number;
    /** Acknowledged, then missing from every surviving region. */
    readonly lost: number;
    /** Acknowledged by the lost region and missing from the survivors at the moment of loss. */
    readonly missingAtLoss: number;
    /** Two orders for one idempotency key (a retry in another region before the first replicated). */
    readonly duplicatedByRetry: number;
    /** placeOrder retries answered OperationInProgress (the key claimed by another region's checkout), asked again. */
    readonly inProgressRetries: number;
    /** Orders answered by a region other than their home (a retry elsewhere got the order its first region placed). */
    readonly answeredElsewhere: number;
    readonly finalStatus: Record<string, number>;
    readonly unfinished: number;
    /** The first unfinished orders, as the survivor's replica holds them (for the post-mortem). */
    readonly unfinishedDetail: string[];
  };
  readonly oversoldUnits: number;
  readonly stockViolations: number;
  readonly doubleCapturesOrRefunds: number;
  readonly moneyViolations: string[];
  readonly authorisationsWithoutOrder: number;
  /** The provider's own records (Stripe's API): holds without an order, orders charged twice, refunds beyond the capture. */
  /** What the provider holds once the payment reconciliation has run in the survivor, as an operator runs it. */
  readonly provider?: ProviderAudit;
  /** The reconciliation's findings in the survivor (`npm run reconcile`): orphan holds voided, and the rest. */
  readonly reconciliation?: { readonly voided: number; readonly findings: number };
  readonly adopted: { readonly count: number; readonly byFinalStatus: Record<string, number> };
  readonly evacuation: { readonly detectedAfterMs?: number; readonly evacuatedAfterMs?: number; readonly status?: string };
  /** The hand-back of the lost region's stock rows once it is back (POST /_drill/region/<lost>/return, repeated while rows are kept). */
  readonly handBack: {
    readonly runs: number;
    readonly rowsHandedBack: number;
    /** Rows kept by the first run (an adopted order still held stock there). */
    readonly keptAtFirstRun: number;
    /** Rows still with an adopter at the end (must be 0 once every order is finished). */
    readonly stillKept: number;
    /** Units of late-replicated reservations moved back to `reserved` by the hand-back. */
    readonly lateReservedUnits: number;
    /** From the return until the run that left no row kept. */
    readonly completeAfterMs?: number;
    /** From the return until the lost region's own replica held every one of its rows as its own again. */
    readonly reachedLostAfterMs?: number;
    readonly failures: string[];
  };
  /** Time from the loss until the first order of a shopper near the lost region was acknowledged. */
  readonly rtoMs?: number;
  /** What the lost region had not yet replicated when it died. */
  readonly rpo: { readonly oldestUnreplicatedMs: number; readonly unreplicatedChanges: number };
  readonly replicationLag: Record<string, LatencySummary | undefined>;
  readonly placeOrderLatency: Record<Phase, LatencySummary>;
  readonly placeOrderLatencyByShopperRegion: Record<string, Record<Phase, LatencySummary>>;
  /** Resident memory of each region's process, MiB: just after start, and under load just before the loss. */
  readonly memoryMiB: { readonly atStart: Record<string, number>; readonly beforeLoss: Record<string, number> };
}

/** The checker's rules that a second capture or refund breaks (not those of work still in flight). */
const doubleChargeRules = new Set(['money.captureWithinAuthorisation', 'money.refundsWithinCapture', 'money.refundable', 'provider.oneCapture', 'provider.refundsOnce']);
const finalStatuses = new Set(['DELIVERED', 'CANCELLED', 'FAILED', 'REFUNDED', 'PARTIALLY_REFUNDED']);
const openStatuses = ['PLACED', 'PACKING', 'PACKED', 'SHIPPED'] as const;
const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runRegionLossDrill(options: DrillOptions): Promise<DrillResult> {
  const log = options.log ?? ((line: string) => console.log(`[drill] ${line}`));
  const names = [...(options.regions ?? ['us-east-1', 'eu-west-1', 'ap-southeast-1'])];
  const lost = options.lost ?? names[0]!;
  mkdirSync(options.dataDir, { recursive: true });
  log(`starting ${names.join(', ')} (replication lag ${options.replicationLagMs ?? 1000} ms)`);
  const regions: LocalRegions = await startRegions({
    regions: names, dataDir: options.dataDir, portOffset: options.portOffset, log: options.regionLog ?? (() => undefined),
    // Every refund of these small orders waits for finance (the threshold is a deployment setting).
    env: { LOCAL_REPLICATION_LAG_MS: String(options.replicationLagMs ?? 1000), REFUND_APPROVAL_THRESHOLD: '100' },
  });
  let frontDoor: FrontDoor | undefined;
  const docs = new Map<string, DynamoDBDocumentClient>();
  try {
    frontDoor = await startFrontDoor({ regions, port: 0, accountId: '000000000000', health: { intervalMs: options.healthIntervalMs, failureThreshold: options.failureThreshold ?? 3 } });
    const outputs: Outputs = regions.outputs();
    const mib = (sizes: Record<string, number>) => Object.fromEntries(Object.entries(sizes).map(([r, b]) => [r, Math.round(b / 2 ** 20)]));
    const memoryAtStart = mib(await regions.rss());
    const endpoints = outputs.regions!;
    for (const name of names) docs.set(name, DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(endpoints[name]!.dynamodbEndpoint, name))));

    // Tokens from the primary's pool are accepted in every region (one issuer).
    const signIn = async (role: string) => {
      const user = outputs.demoUsers![role]!;
      const response = await fetch(outputs.cognitoEndpoint!, {
        method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
        body: JSON.stringify({ ClientId: outputs.userPoolClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: user.username, PASSWORD: user.password } }),
      });
      return ((await response.json()) as { AuthenticationResult: { IdToken: string } }).AuthenticationResult.IdToken;
    };
    const tokens = Object.fromEntries(await Promise.all(['shopper', 'support', 'warehouse', 'delivery', 'finance'].map(async (role) => [role, await signIn(role)] as const)));
    const failoverNear = (region: string) => RegionFailover.fromRegions(endpoints, region, {}, { cooldownMs: options.healthIntervalMs });
    const staffFailover = failoverNear(names.find((n) => n !== lost)!);
    const asRole = <T>(role: string, failover: RegionFailover, query: string, variables: Record<string, unknown>) =>
      failover.call((endpoint) => callGraphQL<T>({ url: endpoint.graphqlUrl, token: tokens[role]! }, query, variables));
    /** A saga operation, at the order's home region (WrongRegion names another: sent on there). */
    const atHome = async <T>(role: string, home: string, query: string, variables: Record<string, unknown>): Promise<T> => {
      try {
        return await callGraphQL<T>({ url: endpoints[home]!.graphqlUrl, token: tokens[role]! }, query, variables);
      } catch (error) {
        const moved = homeRegionOf(error);
        if (moved === undefined || moved === home) throw error;
        return callGraphQL<T>({ url: endpoints[moved]!.graphqlUrl, token: tokens[role]! }, query, variables);
      }
    };

    // The catalogue, and each region's stock before the drill (for the oversell check).
    const products = (await asRole<{ products: { items: { id: string; price: { amount: number; currency: string }; stock: number; onSale: boolean }[] } }>(
      'shopper', staffFailover, documents.products, { limit: 100 })).products.items.filter((p) => p.onSale && p.stock >= 40);
    const initialStock: Record<string, number> = {};
    for (const row of await scanAll(docs.get(names[0]!)!, tables.Inventory.tableName)) {
      if (String(row.pk).startsWith('PRODUCT#') && String(row.sk).startsWith('REGION#')) initialStock[`${row.productId}@${row.region}`] = Number(row.available) + Number(row.reserved ?? 0);
    }

    // ---- the stream of orders ----
    const startedAt = Date.now();
    let lossAt = Number.POSITIVE_INFINITY;
    let backAt = Number.POSITIVE_INFINITY;
    let handedBackAt = Number.POSITIVE_INFINITY;
    const phaseAt = (t: number): Phase => (t < lossAt ? 'before' : t < backAt ? 'during' : 'after');
    const latency = { before: new Latencies(), during: new Latencies(), after: new Latencies() };
    const latencyByShopper = Object.fromEntries(names.map((n) => [n, { before: new Latencies(), during: new Latencies(), after: new Latencies() }]));
    const shopperFailover = Object.fromEntries(names.map((n) => [n, failoverNear(n)]));
    const placed: Placed[] = [];
    const refused: Record<string, number> = {};
    let attempted = 0;
    let unanswered = 0;
    /** Retries told the order was being placed in another region, and orders a region answered that another had placed. */
    let inProgressRetries = 0;
    let answeredElsewhere = 0;
    let outOfStockAfterReturn = 0;
    let outOfStockAfterHandBack = 0;
    let outOfStockOnRowNotOwned = 0;
    let firstAfterLoss: number | undefined;
    const inFlight = new Set<Promise<void>>();
    const fates: Fate[] = ['deliver', 'deliver', 'deliver', 'deliver', 'deliver', 'refund', 'refund', 'cancel'];

    const placeOne = async (i: number) => {
      const shopperRegion = names[i % names.length]!;
      const product = products[(i * 7) % products.length]!;
      const key = `drill-${startedAt}-${i}`;
      attempted += 1;
      const start = process.hrtime.bigint();
      const startMs = Date.now();
      const input = { idempotencyKey: key, paymentToken: 'tok_visa', deliveryAddress: { name: 'Drill Shopper', line1: '1 Main Street', city: 'Austin', postalCode: '78701', country: 'US' },
        items: [{ productId: product.id, quantity: 1, unitPrice: product.price }] };
      // As the web app: a region that fails (refused, timed out, 5xx) is left for the next with the
      // same key, and "being placed elsewhere" (OperationInProgress) is asked again a moment later.
      let askedLast = shopperRegion;
      const place = () => shopperFailover[shopperRegion]!.call((endpoint) => {
        askedLast = endpoint.region;
        return callGraphQL<{ placeOrder: { id: string; homeRegion: string; total: { amount: number; currency: string } } }>(
          { url: endpoint.graphqlUrl, token: tokens.shopper! }, documents.placeOrder, { input }).then((data) => ({ data, answeredBy: endpoint.region }));
      });
      try {
        const answer = await askAgainWhileInProgress(place, (error) => (error instanceof GraphQLCallError ? error.type : undefined),
          { onRepeat: () => { inProgressRetries += 1; } });
        const { data: { placeOrder }, answeredBy } = answer;
        if (answeredBy !== placeOrder.homeRegion) answeredElsewhere += 1;
        const phase = phaseAt(startMs);
        latency[phase].record(start);
        latencyByShopper[shopperRegion]![phase].record(start);
        placed.push({ id: placeOrder.id, key, shopperRegion, homeRegion: placeOrder.homeRegion, fate: fates[i % fates.length]!, total: placeOrder.total });
        if (shopperRegion === lost && startMs >= lossAt && firstAfterLoss === undefined) firstAfterLoss = Date.now();
      } catch (error) {
        if (error instanceof GraphQLCallError && error.type !== 'NetworkError' && error.type !== 'RegionUnavailable') {
          refused[error.type] = (refused[error.type] ?? 0) + 1;
          if (error.type === 'OutOfStock' && startMs >= backAt) outOfStockAfterReturn += 1;
          if (error.type === 'OutOfStock' && startMs >= handedBackAt) {
            outOfStockAfterHandBack += 1;
            // Sold out there, or refused on a row another region still owned?
            const { Item: row } = await docs.get(askedLast)!.send(new GetCommand({
              TableName: tables.Inventory.tableName, Key: { pk: `PRODUCT#${product.id}`, sk: `REGION#${askedLast}` }, ConsistentRead: true }));
            if (row?.ownerRegion !== undefined && row.ownerRegion !== askedLast) outOfStockOnRowNotOwned += 1;
          }
        }
        else unanswered += 1;
      }
    };
    let generating = true;
    const generator = (async () => {
      const intervalMs = 1000 / options.ordersPerSecond;
      for (let i = 0; generating; i += 1) {
        const due = startedAt + i * intervalMs;
        if (due > Date.now()) await sleep(due - Date.now());
        if (inFlight.size >= 400) continue; // the machine is saturated: a shopper gives up rather than queue without end
        const p = placeOne(i).finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
    })();

    // ---- staff ----
    const fateOf = new Map<string, Placed>();
    const refundRequested = new Set<string>();
    let staffDelay = options.staffDelayMs;
    let staffRunning = true;
    const listOrders = async (status: string) => {
      const items: { id: string; status: string; homeRegion: string; updatedAt: string; total: { amount: number; currency: string } }[] = [];
      let nextToken: string | undefined;
      do {
        const page = await asRole<{ ordersByStatus: { items: typeof items; nextToken?: string } }>('support', staffFailover, documents.ordersByStatus, { status, limit: 100, nextToken });
        items.push(...page.ordersByStatus.items);
        nextToken = page.ordersByStatus.nextToken ?? undefined;
      } while (nextToken);
      return items;
    };
    const ready = (updatedAt: string) => Date.now() - Date.parse(updatedAt) >= staffDelay;
    const quietly = (work: Promise<unknown>) => work.catch(() => undefined); // a region down: tried again next round
    // Refunds are asked for a while after delivery (refund-fate orders), by the shopper.
    const toRefund = new Map<string, { home: string; total: { amount: number; currency: string }; dueAt: number }>();
    const staffRound = async () => {
      for (const p of placed) fateOf.set(p.id, p);
      const [packing, shipped] = await Promise.all(['PACKING', 'SHIPPED'].map(listOrders));
      const work: Promise<unknown>[] = [];
      for (const o of packing!.filter((x) => ready(x.updatedAt))) {
        work.push(quietly(fateOf.get(o.id)?.fate === 'cancel'
          ? atHome('shopper', o.homeRegion, documents.cancelOrder, { id: o.id })
          : atHome('warehouse', o.homeRegion, documents.confirmPacked, { orderId: o.id, packages: 1 })));
      }
      for (const o of shipped!.filter((x) => ready(x.updatedAt))) {
        work.push(quietly(atHome('delivery', o.homeRegion, documents.updateDelivery, { orderId: o.id, status: 'DELIVERED' }).then(() => {
          if (fateOf.get(o.id)?.fate === 'refund' && !refundRequested.has(o.id)) toRefund.set(o.id, { home: o.homeRegion, total: o.total, dueAt: Date.now() + staffDelay });
        })));
      }
      for (const [id, due] of toRefund) {
        if (due.dueAt > Date.now()) continue;
        work.push(quietly(atHome('shopper', due.home, documents.requestRefund, { input: { orderId: id, amount: due.total, reason: 'Drill: returned', idempotencyKey: `drill-refund-${id}` } })
          .then(() => {
            refundRequested.add(id);
            toRefund.delete(id);
          })));
      }
      const awaiting = (await asRole<{ refunds: { items: { id: string; orderId: string }[] } }>('finance', staffFailover, documents.refunds, { status: 'AWAITING_APPROVAL' })).refunds.items;
      for (const r of awaiting) {
        const home = fateOf.get(r.orderId)?.homeRegion ?? staffFailover.current().region;
        work.push(quietly(atHome('finance', home, documents.decideRefund, { id: r.id, approve: true, note: 'Drill: approved' })));
      }
      await Promise.all(work);
    };
    const staff = (async () => {
      while (staffRunning) {
        await staffRound().catch((error: Error) => log(`staff round failed: ${error.message} (${(error.cause as Error | undefined)?.message ?? ''})`));
        await sleep(1000);
      }
    })();

    // ---- before, loss, outage ----
    await sleep(options.beforeMs);
    const lostReplication = await describeReplication(endpoints[lost]!.dynamodbEndpoint, lost).catch(() => undefined);
    const rpo = {
      oldestUnreplicatedMs: Math.max(0, ...Object.values(lostReplication?.outgoing ?? {}).map((o) => o.oldestPendingMs)),
      unreplicatedChanges: Math.max(0, ...Object.values(lostReplication?.outgoing ?? {}).map((o) => o.pending)),
    };
    const memoryBeforeLoss = mib(await regions.rss());
    lossAt = Date.now();
    await regions.down(lost);
    log(`${lost} is down (${placed.length} orders acknowledged so far; ${rpo.unreplicatedChanges} changes not yet replicated, the oldest ${rpo.oldestUnreplicatedMs} ms old)`);
    // RPO for acknowledged orders: every order the lost region acknowledged is already in a survivor.
    const acknowledgedByLost = placed.filter((p) => p.homeRegion === lost).map((p) => p.id);
    const survivors = names.filter((n) => n !== lost);
    const inSurvivors = new Set<string>();
    // The order's own item (replicated) or its copy (written before the answer) is enough.
    for (const survivor of survivors) {
      for (const id of await existingOrders(docs.get(survivor)!, acknowledgedByLost)) inSurvivors.add(id);
      for (const id of await existingOrders(docs.get(survivor)!, acknowledgedByLost.map(copyId))) inSurvivors.add(id.replace(/^COPY#/, ''));
    }
    const missingAtLoss = acknowledgedByLost.filter((id) => !inSurvivors.has(id)).length;

    // The operator (or an alarm) declares the region lost once the health checks fail; the stream
    // goes on meanwhile. The region comes back after the outage, once the evacuation is over.
    const evacuation: { detectedAfterMs?: number; evacuatedAfterMs?: number; status?: string } = {};
    let survivor: string | undefined;
    const operator = (async () => {
      while (frontDoor!.health.isHealthy(lost) && Date.now() - lossAt < options.outageMs) await sleep(100);
      if (frontDoor!.health.isHealthy(lost)) return;
      evacuation.detectedAfterMs = Date.now() - lossAt;
      const answer = await fetch(`${frontDoor!.url}/_drill/region/${lost}/evacuate`, { method: 'POST' });
      const body = await answer.json() as { status?: string; survivor?: string; message?: string };
      evacuation.evacuatedAfterMs = Date.now() - lossAt;
      evacuation.status = body.status ?? body.message;
      survivor = body.survivor;
      log(`evacuation of ${lost} by ${survivor ?? '?'}: ${evacuation.status} after ${evacuation.evacuatedAfterMs} ms (detected after ${evacuation.detectedAfterMs} ms)`);
    })();
    await sleep(options.outageMs);
    await operator;

    // ---- back, after ----
    await regions.up(lost);
    backAt = Date.now();
    log(`${lost} is back after ${backAt - lossAt} ms`);
    // The operator hands the lost region's stock rows back at once, and again every two seconds
    // while an adopted order still holds stock on one (staff settle those meanwhile).
    const handBack = {
      runs: 0, rowsHandedBack: 0, keptAtFirstRun: 0, stillKept: 0, lateReservedUnits: 0,
      completeAfterMs: undefined as number | undefined, reachedLostAfterMs: undefined as number | undefined, failures: [] as string[],
    };
    /** Waits until the lost region's replica holds all its rows as its own (replication brought it the hand-back). */
    const awaitHandBackInLost = async (timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const rows = await scanAll(docs.get(lost)!, tables.Inventory.tableName).catch(() => undefined);
        if (rows !== undefined && !rows.some((r) => r.sk === `REGION#${lost}` && r.ownerRegion !== undefined && r.ownerRegion !== lost)) {
          handedBackAt = Date.now();
          handBack.reachedLostAfterMs = handedBackAt - backAt;
          return;
        }
        await sleep(250);
      }
    };
    let handingBack = true;
    const handBackRun = async (): Promise<boolean> => {
      const answer = await fetch(`${frontDoor!.url}/_drill/region/${lost}/return`, { method: 'POST' });
      const body = await answer.json() as { handBacks?: (HandBack | { adopter: string; failed: string })[]; message?: string };
      handBack.runs += 1;
      let open = 0;
      for (const result of body.handBacks ?? []) {
        if ('failed' in result || result.status !== 'SUCCEEDED') {
          handBack.failures.push('failed' in result ? `${result.adopter}: ${result.failed}` : `${result.adopter}: ${result.status} ${result.error ?? ''}`);
          open += 1;
          continue;
        }
        handBack.rowsHandedBack += result.handedBack.length;
        handBack.lateReservedUnits += result.handedBack.reduce((n, r) => n + r.lateReserved, 0);
        open += result.kept.length + result.contested.length;
      }
      if (body.handBacks === undefined) handBack.failures.push(body.message ?? `HTTP ${answer.status}`);
      if (handBack.runs === 1) handBack.keptAtFirstRun = open;
      handBack.stillKept = open;
      return answer.ok && body.handBacks !== undefined && open === 0;
    };
    const handingBackLoop = (async () => {
      while (handingBack) {
        const done = await handBackRun().catch((error: Error) => { handBack.failures.push(error.message); return false; });
        if (done) {
          handBack.completeAfterMs = Date.now() - backAt;
          await awaitHandBackInLost();
          log(`${lost}'s stock rows handed back after ${handBack.completeAfterMs} ms (${handBack.rowsHandedBack} rows, ${handBack.runs} runs), ${lost}'s own after ${handBack.reachedLostAfterMs ?? '-'} ms`);
          return;
        }
        await sleep(2000);
      }
    })();
    await sleep(options.afterMs);
    generating = false;
    await generator;
    await Promise.all(inFlight);
    log(`stream stopped: ${attempted} attempted, ${placed.length} acknowledged; staff finish every order`);

    // ---- staff finish every order ----
    staffDelay = 0;
    const finishBy = Date.now() + options.finishTimeoutMs;
    await settleReplication(endpoints, names);
    for (;;) {
      const unfinished = await countOpen(docs.get(survivor ?? survivors[0]!)!, placed);
      if ((unfinished === 0 && toRefund.size === 0) || Date.now() > finishBy) break;
      await sleep(1000);
    }
    staffRunning = false;
    await staff;
    handingBack = false;
    await handingBackLoop;
    // Every order is finished: one last run hands back whatever was still kept.
    if (handBack.completeAfterMs === undefined && await handBackRun().catch(() => false)) {
      handBack.completeAfterMs = Date.now() - backAt;
      await awaitHandBackInLost();
    }
    await settleReplication(endpoints, names);

    // ---- figures, read from a survivor's replica once every region has converged ----
    const judge = docs.get(survivor ?? survivors[0]!)!;
    const orders = (await scanAll(judge, tables.Orders.tableName)).filter((o) => !isOrderCopy(o));
    const byId = new Map(orders.map((o) => [String(o.id), o]));
    const finalStatus: Record<string, number> = {};
    let unfinished = 0;
    for (const p of placed) {
      const status = String(byId.get(p.id)?.status ?? 'MISSING');
      finalStatus[status] = (finalStatus[status] ?? 0) + 1;
      if (!finalStatuses.has(status)) unfinished += 1;
    }
    const keys = new Map<string, number>();
    for (const o of orders) if (String(o.idempotencyKey ?? '').startsWith(`drill-${startedAt}-`)) keys.set(String(o.idempotencyKey), (keys.get(String(o.idempotencyKey)) ?? 0) + 1);
    const adoptedOrders = orders.filter((o) => o.adoptedFrom === lost);
    const adoptedByStatus: Record<string, number> = {};
    for (const o of adoptedOrders) adoptedByStatus[String(o.status)] = (adoptedByStatus[String(o.status)] ?? 0) + 1;
    const violations = await checkInvariants(judge, { initialStock });
    const stockViolations = violations.filter((v) => v.rule.startsWith('stock.'));
    const oversoldUnits = (await scanAll(judge, tables.Inventory.tableName))
      .filter((r) => String(r.pk).startsWith('PRODUCT#') && String(r.sk).startsWith('REGION#'))
      .reduce((n, r) => n + Math.max(0, -Number(r.available)) + Math.max(0, -Number(r.reserved ?? 0)), 0);
    const moneyViolations = violations.filter((v) => !v.rule.startsWith('stock.'));
    const payments = await scanAll(judge, tables.Payments.tableName);
    const authorisationsWithoutOrder = payments.filter((p) => p.operation === 'AUTHORISATION' && !byId.has(String(p.orderId))
      && !payments.some((q) => q.orderId === p.orderId && q.operation === 'VOID')).length;
    // Authorisations without an order are the reconciliation's (hourly on AWS): run it in the
    // survivor, as an operator would (`npm run reconcile`), before reading the provider.
    const reconciliation = await reconcileIn(path.join(options.dataDir, survivor ?? survivors[0]!)).catch((error: Error) => { log(`reconciliation failed: ${error.message}`); return undefined; });
    const provider = outputs.stripeEndpoint && outputs.stripeSecretKey
      ? await auditProvider(outputs.stripeEndpoint, outputs.stripeSecretKey, new Set(byId.keys())).catch((error: Error) => { log(`provider audit failed: ${error.message}`); return undefined; })
      : undefined;
    const lagAt: Record<string, LatencySummary | undefined> = {};
    for (const name of names) {
      const state = await describeReplication(endpoints[name]!.dynamodbEndpoint, name).catch(() => undefined);
      for (const [from, incoming] of Object.entries(state?.incoming ?? {})) {
        const l = incoming.lag;
        lagAt[`${from}->${name}`] = l.count === 0 ? undefined : { p50Ms: l.p50Ms!, p99Ms: l.p99Ms!, meanMs: Number.NaN, maxMs: l.maxMs!, count: l.count };
      }
    }
    const firstAfter = firstAfterLoss;
    const { log: _log, regionLog: _regionLog, dataDir: _dir, ...settings } = options;
    return {
      regions: names, lostRegion: lost, survivor, settings,
      orders: {
        attempted, acknowledged: placed.length, refused, outOfStockAfterReturn, outOfStockAfterHandBack, outOfStockOnRowNotOwned, unanswered,
        lost: placed.filter((p) => !byId.has(p.id)).length, missingAtLoss,
        duplicatedByRetry: [...keys.values()].filter((n) => n > 1).length, inProgressRetries, answeredElsewhere,
        finalStatus, unfinished,
        unfinishedDetail: placed.filter((p) => !finalStatuses.has(String(byId.get(p.id)?.status))).slice(0, 20).map((p) => {
          const o = byId.get(p.id);
          const history = ((o?.history ?? []) as { status: string }[]).map((h) => h.status).join('>');
          return `${p.id} ${String(o?.status)} home ${String(o?.homeRegion)} epoch ${String(o?.ownerEpoch)} from ${String(o?.adoptedFrom ?? '-')} shopper ${p.shopperRegion} fate ${p.fate} history ${history}`;
        }),
      },
      oversoldUnits, stockViolations: stockViolations.length,
      doubleCapturesOrRefunds: moneyViolations.filter((v) => doubleChargeRules.has(v.rule)).length,
      moneyViolations: moneyViolations.slice(0, 20).map((v) => `${v.rule} ${v.subject}: ${v.detail}`),
      authorisationsWithoutOrder, provider, ...(reconciliation !== undefined && { reconciliation }),
      adopted: { count: adoptedOrders.length, byFinalStatus: adoptedByStatus },
      evacuation,
      handBack,
      rtoMs: firstAfter === undefined ? undefined : firstAfter - lossAt,
      rpo,
      replicationLag: lagAt,
      placeOrderLatency: { before: latency.before.summary(), during: latency.during.summary(), after: latency.after.summary() },
      memoryMiB: { atStart: memoryAtStart, beforeLoss: memoryBeforeLoss },
      placeOrderLatencyByShopperRegion: Object.fromEntries(Object.entries(latencyByShopper).map(([r, l]) => [r, { before: l.before.summary(), during: l.during.summary(), after: l.after.summary() }])),
    };
  } finally {
    for (const doc of docs.values()) doc.destroy();
    await frontDoor?.close();
    await regions.close();
  }
}

async function existingOrders(doc: DynamoDBDocumentClient, ids: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (let i = 0; i < ids.length; i += 100) {
    let keys: Record<string, unknown>[] | undefined = ids.slice(i, i + 100).map((id) => ({ id }));
    while (keys && keys.length > 0) {
      const answer = await doc.send(new BatchGetCommand({ RequestItems: { [tables.Orders.tableName]: { Keys: keys, ProjectionExpression: 'id', ConsistentRead: true } } }));
      found.push(...(answer.Responses?.[tables.Orders.tableName] ?? []).map((o) => String(o.id)));
      keys = answer.UnprocessedKeys?.[tables.Orders.tableName]?.Keys as Record<string, unknown>[] | undefined;
    }
  }
  return found;
}

/** `npm run reconcile` against one region's platform (its data folder's outputs.json): what it voided and found. */
async function reconcileIn(regionDataDir: string): Promise<{ voided: number; findings: number }> {
  const { stdout } = await run(process.execPath, [path.join(import.meta.dirname, '../../local/reconcile.ts'), '--window-hours', '2'], {
    // The stream stopped minutes ago, so no checkout is still running: a hold older than a minute
    // with no order on record is an orphan (the default budget, 15 minutes, outlasts the drill).
    env: { ...process.env, LOCAL_DATA_DIR: regionDataDir, CHECKOUT_BUDGET_SECONDS: '60' }, timeout: 120_000,
  });
  const lines = stdout.split('\n').map((l) => l.trim());
  return { voided: lines.filter((l) => l.startsWith('VOIDED')).length, findings: lines.filter((l) => /^(VOIDED|REPORTED|ALARM)/.test(l)).length };
}

async function countOpen(doc: DynamoDBDocumentClient, placed: readonly Placed[]): Promise<number> {
  const orders = await scanAll(doc, tables.Orders.tableName);
  const ids = new Set(placed.map((p) => p.id));
  const refunds = await scanAll(doc, tables.Refunds.tableName);
  const pendingRefunds = refunds.filter((r) => r.recordType === 'REFUND' && !['REFUNDED', 'REJECTED', 'FAILED'].includes(String(r.status))).length;
  return orders.filter((o) => ids.has(String(o.id)) && (openStatuses as readonly string[]).includes(String(o.status))).length + pendingRefunds;
}

async function describeReplication(endpoint: string, region: string): Promise<ReplicationState> {
  const response = await signedFetch({ endpoint, service: 'dynamodb', region, target: 'LocalGlobalTablesReplication.DescribeReplication', body: '{}', contentType: 'application/x-amz-json-1.0' });
  if (!response.ok) throw new Error(`DescribeReplication in ${region}: HTTP ${response.status}`);
  return await response.json() as ReplicationState;
}

/** Waits until no region owes another a change (every replica converged). */
async function settleReplication(endpoints: Readonly<Record<string, { dynamodbEndpoint: string }>>, names: readonly string[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const states = await Promise.all(names.map((n) => describeReplication(endpoints[n]!.dynamodbEndpoint, n).catch(() => undefined)));
    if (states.every((s) => s !== undefined && Object.values(s.outgoing).every((o) => o.pending === 0))) return;
    await sleep(250);
  }
}

export { finalStatuses };
