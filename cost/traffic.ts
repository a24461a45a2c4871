// From a traffic profile to what each region does in a month: executions and transitions per
// workflow (the ASL routes, weighted as the profile says), Lambda invocations and billed duration
// per task, DynamoDB reads and writes per table (the per-operation counts measured locally), API
// requests, real-time traffic, events, logs and traces. The pricers turn these into dollars.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sagaRoutes, weightedRoutes, type AslDefinition, type SagaRoute } from './asl-paths.ts';
import { tables as awsTables } from '../infra/tables.ts';
import type { Measured, MeasuredOperation, TrafficProfile } from './inputs.ts';

export interface WorkflowTraffic {
  executions: number;
  /** Billed transitions (STANDARD) a month. */
  transitions: number;
  /** Mean billed duration of one execution, seconds (EXPRESS). */
  meanSeconds: number;
  routes: { key: string; share: number; transitions: number; tasks: readonly string[] }[];
}

export interface TableTraffic { readUnits: number; writeUnits: number }

export interface RegionTraffic {
  region: string;
  share: number;
  workflows: Record<string, WorkflowTraffic>;
  /** Per task: invocations a month. */
  invocations: Record<string, number>;
  /** Per table: the units this region's requests consume (writes before replication). */
  tables: Record<string, TableTraffic>;
  apiRequests: number;
  realtimeMessages: number;
  connectionMinutes: number;
  /** Status events published on this region's bus (orders homed here). */
  eventsPublished: number;
  /** Events this region's bus receives from the other regions' buses. */
  eventsReceived: number;
  webRequests: number;
  tracesRecorded: number;
}

export interface Traffic {
  profile: TrafficProfile;
  regions: Record<string, RegionTraffic>;
  /** Per task: mean billed duration on AWS (ms): compute measured here, plus AWS I/O and provider calls. */
  taskMs: Record<string, number>;
  statusEventsPerOrder: number;
  routes: Record<string, SagaRoute[]>;
}

/**
 * Runbooks run only when an operator or an alarm starts them (a region lost), never in a month's
 * traffic, so they have no routes per order (their state machines cost nothing while idle).
 */
const runbooks = new Set(['evacuation']);

/** The routes of every order workflow under `dir`, keyed by file name without `.asl.json`. */
export function workflowRoutes(dir: string): Record<string, SagaRoute[]> {
  return Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.asl.json') && !runbooks.has(f.replace(/\.asl\.json$/, ''))).sort().map((f) => [
    f.replace(/\.asl\.json$/, ''), sagaRoutes(JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as AslDefinition),
  ]));
}

/** Billed duration on AWS of one invocation of a task: compute measured here plus its AWS I/O. */
function awsTaskMs(profile: TrafficProfile, task: string, measured: Measured): number {
  const local = Object.values(measured.results.operations).map((op) => op.lambda[task]?.meanMs).find((ms) => ms !== undefined) ?? 0;
  const provider = profile.lambda.providerTasks.includes(task) ? profile.lambda.providerMsPerCall : 0;
  return local + profile.lambda.awsIoMsPerTask + provider;
}

const reads = (u: MeasuredOperation['tables'][string]) =>
  // Eventually consistent reads: half a unit per item up to 4 KB; strongly consistent: one; transactional: two.
  // Every read request costs at least one unit's worth (an empty Query is billed).
  Math.max(u.readCalls * 0.5, (u.readItems - u.consistentReadItems) * 0.5 + u.consistentReadItems) + u.transactionalReadItems * 2;
const writes = (u: MeasuredOperation['tables'][string]) => u.writeItems + u.transactionalWriteItems * 2;

/** ReconcilePayments looks a week back by default (a card hold lasts seven days): its reads grow with the orders in that window. */
const RECONCILE_WINDOW_DAYS = 7;

/**
 * `scheduled`: per region, the runs a month of each task a schedule invokes (pricers.ts scheduledRuns,
 * from the templates); their tables' reads and writes are counted here, their invocations on the function.
 */
export function trafficOf(profile: TrafficProfile, routes: Record<string, SagaRoute[]>, measured: Measured,
  scheduled: Record<string, Record<string, number>> = {}): Traffic {
  const ops = measured.results.operations;
  const need = (name: string) => {
    const op = ops[name];
    if (!op) throw new Error(`bench/results/operations.json has no ${name}: run \`npm run cost:measure\``);
    return op;
  };
  const statusEventsPerOrder = measured.results.statusChangesPerDeliveredOrder;
  const tasks = new Set(Object.values(routes).flatMap((rs) => rs.flatMap((r) => r.tasks)));
  for (const op of Object.values(ops)) for (const task of Object.keys(op.lambda)) tasks.add(task);
  const taskMs = Object.fromEntries([...tasks].map((t) => [t, awsTaskMs(profile, t, measured)]));

  // Executions per workflow: Checkout per placeOrder; a workflow started by a route (`starts`) per
  // execution of that route; Refund per refund request.
  const weighted = Object.fromEntries(Object.entries(routes).map(([name, rs]) => [name, weightedRoutes(name, rs, profile.routes[name])]));
  const executionsPerOrder: Record<string, number> = {};
  const roots: Record<string, number> = { checkout: 1, refund: profile.refundsPerOrder };
  const visit = (name: string, perOrder: number) => {
    executionsPerOrder[name] = (executionsPerOrder[name] ?? 0) + perOrder;
    for (const { route, share } of weighted[name] ?? []) {
      for (const started of route.starts) {
        const child = Object.keys(routes).find((w) => w.toLowerCase() === started.toLowerCase());
        if (child) visit(child, perOrder * share);
      }
    }
  };
  for (const [name, perOrder] of Object.entries(roots)) if (routes[name]) visit(name, perOrder);

  const regions: Record<string, RegionTraffic> = {};
  const regionNames = Object.keys(profile.regionShare);
  for (const region of regionNames) {
    const share = profile.regionShare[region];
    const orders = profile.ordersPerMonth * share;
    const workflows: Record<string, WorkflowTraffic> = {};
    const invocations: Record<string, number> = {};
    for (const [name, ws] of Object.entries(weighted)) {
      const executions = orders * (executionsPerOrder[name] ?? 0);
      let transitions = 0;
      let seconds = 0;
      for (const { route, share: s } of ws) {
        transitions += executions * s * route.transitions;
        seconds += s * route.tasks.reduce((sum, t) => sum + (taskMs[t] ?? 0), 0) / 1000;
        for (const task of route.tasks) invocations[task] = (invocations[task] ?? 0) + executions * s;
      }
      workflows[name] = { executions, transitions, meanSeconds: seconds,
        routes: ws.map(({ route, share: s }) => ({ key: route.key, share: s, transitions: route.transitions, tasks: route.tasks })) };
    }
    const fulfilled = workflows.fulfilment?.executions ?? orders;
    // How many times each measured operation runs here a month.
    const runs: Record<string, number> = {
      product: profile.queries.product * share, products: profile.queries.products * share,
      placeOrder: orders, confirmPacked: fulfilled, delivered: fulfilled,
      order: orders * (profile.perOrder.order + profile.perOrder.staffQueries), myOrders: orders * profile.perOrder.myOrders,
      cancelOrder: orders * profile.cancelsPerOrder, requestRefund: orders * profile.refundsPerOrder,
    };
    const tables: Record<string, TableTraffic> = {};
    for (const [name, n] of Object.entries(runs)) {
      const op = need(name);
      for (const [table, usage] of Object.entries(op.tables)) {
        const t = (tables[table] ??= { readUnits: 0, writeUnits: 0 });
        t.readUnits += n * reads(usage);
        t.writeUnits += n * writes(usage);
      }
      // Lambda invocations outside the sagas (AppSync's Lambda data sources), as measured.
      for (const [task, { invocations: per }] of Object.entries(op.lambda)) {
        if (![...Object.values(routes)].some((rs) => rs.some((r) => r.tasks.includes(task)))) invocations[task] = (invocations[task] ?? 0) + n * per;
      }
    }
    // placeOrder's writes across regions, which a one-region measurement cannot see: the order's
    // claim in every region (tasks/regions/order-claim.ts, asked at once) and its copy at the nearest
    // other continent (tasks/orders/order-copy.ts). Each replicates from where it is made.
    if (regionNames.length > 1) {
      for (const [table, perOrder] of [['bigsmokes-idempotency', regionNames.length], ['bigsmokes-orders', 1]] as const) {
        (tables[table] ??= { readUnits: 0, writeUnits: 0 }).writeUnits += orders * perOrder;
      }
    }
    for (const [task, n] of Object.entries(scheduled[region] ?? {})) {
      const scale = task === 'ReconcilePayments' ? (orders * RECONCILE_WINDOW_DAYS / 30.4) / (measured.results.scheduledOverOrders ?? 1) : 1;
      for (const [table, usage] of Object.entries(need(task).tables)) {
        const t = (tables[table] ??= { readUnits: 0, writeUnits: 0 });
        t.readUnits += n * scale * reads(usage);
        t.writeUnits += n * writes(usage); // its idempotency record: one a run
      }
    }
    const statusEvents = fulfilled * statusEventsPerOrder;
    const shopperRequests = runs.product + runs.products + runs.placeOrder + runs.order + runs.myOrders + runs.cancelOrder + runs.requestRefund
      + orders * profile.perOrder.staffMutations;
    regions[region] = {
      region, share, workflows, invocations, tables,
      apiRequests: shopperRequests, // publishOrderUpdate mutations are added below, once every region's events are known
      realtimeMessages: statusEvents,
      connectionMinutes: orders * profile.perOrder.subscriptionMinutes,
      eventsPublished: statusEvents,
      eventsReceived: 0,
      webRequests: profile.web.pageViews * profile.web.requestsPerPageView * share,
      tracesRecorded: 0,
    };
  }
  // Every status event reaches every region's bus, and each bus's rule calls its API's publishOrderUpdate.
  const allEvents = Object.values(regions).reduce((a, r) => a + r.eventsPublished, 0);
  for (const r of Object.values(regions)) {
    r.eventsReceived = allEvents - r.eventsPublished;
    r.apiRequests += allEvents;
    // publishOrderUpdate reads the order in every region (measured once, in the home region, above).
    const orders = (r.tables[awsTables.Orders.tableName] ??= { readUnits: 0, writeUnits: 0 });
    orders.readUnits += r.eventsReceived * 0.5;
    const standardExecutions = Object.entries(r.workflows).filter(([n]) => n !== 'checkout').reduce((a, [, w]) => a + w.executions, 0);
    r.tracesRecorded = (r.apiRequests + standardExecutions) * profile.tracing.samplingRate;
  }
  return { profile, regions, taskMs, statusEventsPerOrder, routes };
}
