// Starts one local platform per region, each in a child process of its own (region-process.ts) on
// its own ports and data folder (region-ports.ts), with LOCAL_PEER_REGIONS naming the others'
// endpoints (tasks/regions/peers.ts; the DynamoDB replicator reads it too). A region can be killed
// (SIGKILL: nothing is flushed, as an outage) and started again on the same data.
import { fork, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Outputs, RegionOutputs } from '../outputs.ts';
import { startStripe, type StripeServer } from '../stripe/server.ts';
import type { RegionMessage } from './region-process.ts';
import { peersOf, planRegions, type RegionPlan } from './region-ports.ts';

export interface RegionsOptions {
  readonly regions: readonly string[];
  readonly dataDir: string;
  /** Added to every port (region i: single-region port + offset + 1000 × i). */
  readonly portOffset?: number;
  /** Extra environment for every region (e.g. LOCAL_REPLICATION_LAG_MS, PAYMENT_ENDPOINT). */
  readonly env?: Readonly<Record<string, string>>;
  /** Each line a region prints; default: the console, prefixed with the region. */
  readonly log?: (region: string, line: string) => void;
  readonly startTimeoutMs?: number;
}

export interface LocalRegions {
  readonly plan: readonly RegionPlan[];
  readonly primary: string;
  /** The primary's outputs (the single-region keys) and every region's endpoints. */
  outputs(): Outputs;
  isUp(region: string): boolean;
  /** The region's process id while it runs. */
  pid(region: string): number | undefined;
  /** Kills the region's process at once (SIGKILL) and resolves when it has exited. */
  down(region: string): Promise<void>;
  /** Starts the region again on the same data and ports; resolves when it serves. */
  up(region: string): Promise<void>;
  /** Resident memory of each running region's process, bytes (from /proc). */
  rss(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export class RegionStartError extends Error {
  override readonly name = 'RegionStartError';
}

const regionProcess = new URL('./region-process.ts', import.meta.url);

function regionOutputs(outputs: Outputs): RegionOutputs {
  const { graphqlUrl, realtimeUrl, apiKey, dynamodbEndpoint, stepFunctionsEndpoint, cognitoEndpoint, eventsEndpoint, webUrl, userPoolId, userPoolClientId, stateMachines, runbooks } = outputs;
  return {
    graphqlUrl: graphqlUrl!, apiKey, realtimeUrl: realtimeUrl!, dynamodbEndpoint, stepFunctionsEndpoint: stepFunctionsEndpoint!, cognitoEndpoint: cognitoEndpoint!,
    eventsEndpoint: eventsEndpoint!, webUrl, userPoolId, userPoolClientId, stateMachines, runbooks,
  };
}

/**
 * What a secondary takes from the primary before it starts: the user pool's signing keys (Cognito
 * replicates them with the pool: one issuer, one set of keys) and the API key, so that a caller
 * the front door sends to another region keeps working with the key it has (each region's
 * endpoints, key included, are in outputs.json's `regions` for clients that call a region directly).
 */
async function copyFromPrimary(primary: RegionPlan, secondary: RegionPlan): Promise<void> {
  for (const [folder, mode] of [[path.join('identity', 'keys'), 0o700], ['appsync', 0o755]] as const) {
    const from = path.join(primary.dataDir, folder);
    const to = path.join(secondary.dataDir, folder);
    await mkdir(to, { recursive: true, mode });
    for (const file of await readdir(from)) await copyFile(path.join(from, file), path.join(to, file));
  }
}

export async function startRegions(options: RegionsOptions): Promise<LocalRegions> {
  const plan = planRegions(options.regions, options.dataDir, options.portOffset ?? 0);
  const log = options.log ?? ((region: string, line: string) => console.log(`[${region}] ${line}`));
  const children = new Map<string, ChildProcess>();
  const started = new Map<string, Outputs>();
  // One payment provider for every region, as they share Stripe on AWS (API.md §7/§8): a local
  // Stripe in this process (it outlives a killed region), on STRIPE_PORT + the offset, with its data
  // under <dataDir>/stripe/, unless PAYMENT_ENDPOINT names one already.
  const sharedPayment = options.env?.PAYMENT_ENDPOINT ?? process.env.PAYMENT_ENDPOINT;
  let stripe: StripeServer | undefined;
  if (sharedPayment === undefined) {
    const base = Number(process.env.STRIPE_PORT ?? 12111);
    const stripePort = base === 0 ? 0 : base + (options.portOffset ?? 0);
    stripe = await startStripe({ port: stripePort, dataDir: options.dataDir, log: (line) => log('stripe', line) });
  }
  const paymentEndpoint = sharedPayment ?? stripe!.endpoint;

  /**
   * Starts a region, again up to twice if a port was taken: the regions' ports (single-region
   * ports + offset) can fall in the OS's ephemeral range, where any outgoing connection may hold
   * one for a moment.
   */
  async function spawnRegion(region: RegionPlan): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await spawnOnce(region);
      } catch (err) {
        if (attempt >= 3 || !/already in use/.test((err as Error).message)) throw err;
        log(region.name, `${(err as Error).message}; trying again`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  function spawnOnce(region: RegionPlan): Promise<void> {
    const child = fork(regionProcess, [], {
      env: {
        ...process.env, ...options.env, PAYMENT_ENDPOINT: paymentEndpoint,
        AWS_REGION: region.name, LOCAL_DATA_DIR: region.dataDir,
        ...Object.fromEntries(Object.entries(region.ports).map(([key, port]) => [key, String(port)])),
        LOCAL_PEER_REGIONS: JSON.stringify(peersOf(plan, region.name)),
        LOCAL_PRIMARY_REGION: plan[0]!.name,
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    children.set(region.name, child);
    for (const stream of [child.stdout!, child.stderr!]) createInterface({ input: stream }).on('line', (line) => log(region.name, line));
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new RegionStartError(`${region.name} did not start within ${options.startTimeoutMs ?? 120_000} ms`)), options.startTimeoutMs ?? 120_000);
      child.on('message', (message: RegionMessage) => {
        clearTimeout(timer);
        if ('ready' in message) {
          started.set(region.name, message.ready);
          resolve();
        } else {
          reject(new RegionStartError(`${region.name} could not start: ${message.failed}`));
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (children.get(region.name) === child) children.delete(region.name);
        reject(new RegionStartError(`${region.name} stopped while starting (${signal ?? `exit ${code}`})`));
      });
    });
  }

  const stop = async (region: string, signal: NodeJS.Signals) => {
    const child = children.get(region);
    if (child === undefined) return;
    children.delete(region);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  };

  const close = async () => {
    await Promise.all([...children.keys()].map((region) => stop(region, 'SIGTERM')));
    await stripe?.close();
  };

  try {
    // The primary first: it creates the user pool the others replicate (step 3 of issue 16).
    await spawnRegion(plan[0]!);
    await Promise.all(plan.slice(1).map(async (region) => {
      await copyFromPrimary(plan[0]!, region);
      await spawnRegion(region);
    }));
  } catch (err) {
    await close();
    throw err;
  }

  const named = (region: string) => {
    const found = plan.find((r) => r.name === region);
    if (found === undefined) throw new RegionStartError(`${region} is not one of the local regions (${plan.map((r) => r.name).join(', ')})`);
    return found;
  };

  return {
    plan,
    primary: plan[0]!.name,
    outputs() {
      const primary = started.get(plan[0]!.name)!;
      return { ...primary, regions: Object.fromEntries(plan.map((r) => [r.name, regionOutputs(started.get(r.name)!)])) };
    },
    isUp: (region) => children.has(named(region).name),
    pid: (region) => children.get(named(region).name)?.pid,
    down: (region) => stop(named(region).name, 'SIGKILL'),
    async up(region) {
      const target = named(region);
      if (children.has(target.name)) return;
      if (target !== plan[0]) await copyFromPrimary(plan[0]!, target);
      await spawnRegion(target);
    },
    async rss() {
      const sizes: Record<string, number> = {};
      for (const [region, child] of children) {
        const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
        const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
        if (kb !== undefined) sizes[region] = Number(kb) * 1024;
      }
      return sizes;
    },
    close,
  };
}
