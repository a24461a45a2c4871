// The cost model's inputs, read and checked: the traffic profile, the price table, the on-prem
// profile, and the counts measured on the local platform (bench/results/operations.json) and the
// bundles' init times (bench/results/bundles.json, written by the infra benchmark).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TableUsage } from '../local/dynamodb/usage.ts';

export const repoRoot = path.resolve(import.meta.dirname, '..');

export interface TrafficProfile {
  name: string;
  what: string;
  /** placeOrder requests (Checkout executions) a month. */
  ordersPerMonth: number;
  regionShare: Record<string, number>;
  /** Per workflow (the ASL file's name): route key → share of executions (sagaRoutes' keys). */
  routes: Record<string, Record<string, number>>;
  refundsPerOrder: number;
  cancelsPerOrder: number;
  queries: { product: number; products: number };
  perOrder: { order: number; myOrders: number; staffQueries: number; staffMutations: number; subscriptionMinutes: number };
  identity: { monthlyActiveUsers: number };
  web: { pageViews: number; requestsPerPageView: number; bytesPerPageView: number; cacheHitRatio: number; siteBytes: number };
  data: { storedOrders: number; bytesPerStoredOrder: number; catalogueBytes: number };
  logs: { bytesPerLambdaInvocation: number; bytesPerExpressExecution: number; bytesPerStandardExecution: number; bytesPerApiRequest: number; bytesPerEvent: number };
  tracing: { samplingRate: number };
  lambda: { coldStartShare: number; awsIoMsPerTask: number; providerMsPerCall: number; providerTasks: string[] };
}

export interface Price { usd: number; per: number; unit: string; source: string; evidence: string }
export interface PriceTable {
  currency: string;
  looked_up: string;
  how: string;
  prices: Record<string, Price>;
  /** Region → price key → price, where a stored copy gave a region's own figure. */
  regions: Record<string, Record<string, Price>>;
  missing: Record<string, string>;
}

export interface OnPremProfile {
  what: string;
  currency: string;
  hardware: { item: string; count: number; unitCost: number; years: number }[];
  licencesPerYear: { item: string; cost: number }[];
  dataCentrePerMonth: { item: string; cost: number }[];
  people: { role: string; fte: number; annualCost: number }[];
}

export interface MeasuredOperation {
  runs: number;
  tables: Record<string, Omit<TableUsage, 'operations'> & { operations: Record<string, number> }>;
  lambda: Record<string, { invocations: number; meanMs: number }>;
}
export interface Measured {
  at: string;
  results: { what: string; sample: number; statusChangesPerDeliveredOrder: number; operations: Record<string, MeasuredOperation>;
    /** How many orders the scheduled tasks' runs looked over (their reads grow with them). */
    scheduledOverOrders?: number };
}

export interface Bundles {
  measured: string;
  what: string;
  bundles: { task: string; /** bundle-init.json: the tasks the function runs. */ tasks?: string[]; path: string; bytes: number; initMs: { p50: number; p99: number; runs: number }; checkoutPath: boolean;
    /** bundle-init.json only: the same load with NODE_OPTIONS=--enable-source-maps left out. */
    initMsWithoutSourceMaps?: { p50: number; p99: number; runs: number } }[];
}

export class InputError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'InputError';
  }
}

export function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (err) {
    throw new InputError(`cannot read ${path.relative(repoRoot, file)}: ${(err as Error).message}`, err);
  }
}

/** A profile scaled by `factor`: every figure that grows with traffic grows with it. */
export function scaleProfile(profile: TrafficProfile, factor: number): TrafficProfile {
  return {
    ...profile,
    name: factor === 1 ? profile.name : `${profile.name} ×${factor}`,
    ordersPerMonth: profile.ordersPerMonth * factor,
    queries: { product: profile.queries.product * factor, products: profile.queries.products * factor },
    identity: { monthlyActiveUsers: profile.identity.monthlyActiveUsers * factor },
    web: { ...profile.web, pageViews: profile.web.pageViews * factor },
    data: { ...profile.data, storedOrders: profile.data.storedOrders * factor },
  };
}

export function checkProfile(profile: TrafficProfile): TrafficProfile {
  const share = Object.values(profile.regionShare).reduce((a, b) => a + b, 0);
  if (Math.abs(share - 1) > 1e-6) throw new InputError(`profile ${profile.name}: regionShare adds up to ${share}, not 1`);
  for (const [key, value] of Object.entries({ ordersPerMonth: profile.ordersPerMonth, refundsPerOrder: profile.refundsPerOrder, cancelsPerOrder: profile.cancelsPerOrder })) {
    if (!(typeof value === 'number' && value >= 0)) throw new InputError(`profile ${profile.name}: ${key} must be a number ≥ 0`);
  }
  return profile;
}

export function readBundles(file = path.join(repoRoot, 'bench/results/bundles.json')): Bundles | undefined {
  return existsSync(file) ? readJson<Bundles>(file) : undefined;
}
