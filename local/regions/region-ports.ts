// Where each local region listens (API.md §8): region i (0-based in REGIONS) uses the
// single-region ports (local/config.ts) + 1000 × i, all moved by a common offset so that tests and
// a second developer can run several regions on free ports. Data under <dataDir>/<region>/.
import net from 'node:net';
import path from 'node:path';
import type { PeerEndpoints } from '../../tasks/regions/peers.ts';

export const defaultRegions = ['us-east-1', 'eu-west-1', 'ap-southeast-1'] as const;

/** The single-region defaults of local/config.ts, by the variable that sets each. */
const singleRegionPorts = { PORT: 4000, DDB_PORT: 8000, SFN_PORT: 8083, COGNITO_PORT: 9229, EVENTS_PORT: 8084 } as const;
export const frontDoorDefaultPort = 4100;

export interface RegionPlan {
  readonly name: string;
  readonly index: number;
  readonly dataDir: string;
  /** The port variables local/config.ts reads, for this region. */
  readonly ports: Readonly<Record<keyof typeof singleRegionPorts, number>>;
  readonly endpoints: Required<PeerEndpoints> & { readonly realtimeUrl: string };
}

export class RegionPlanError extends Error {
  override readonly name = 'RegionPlanError';
}

/** REGIONS (comma-separated) or the three defaults; the first is the primary. */
export function regionNames(raw: string | undefined): string[] {
  const names = (raw ?? '').split(',').map((r) => r.trim()).filter((r) => r !== '');
  const chosen = names.length > 0 ? names : [...defaultRegions];
  if (new Set(chosen).size !== chosen.length) throw new RegionPlanError(`REGIONS names a region twice: ${raw}`);
  for (const name of chosen) if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(name)) throw new RegionPlanError(`"${name}" is not an AWS region name`);
  return chosen;
}

export function planRegions(names: readonly string[], dataDir: string, portOffset = 0, host = '127.0.0.1'): RegionPlan[] {
  if (!Number.isInteger(portOffset) || portOffset < 0) throw new RegionPlanError(`the port offset must be a whole number >= 0, got ${portOffset}`);
  return names.map((name, index) => {
    const shift = portOffset + 1000 * index;
    const ports = Object.fromEntries(Object.entries(singleRegionPorts).map(([key, port]) => [key, port + shift])) as RegionPlan['ports'];
    if (Object.values(ports).some((p) => p > 65535)) throw new RegionPlanError(`region ${name}'s ports pass 65535 with offset ${portOffset}`);
    const base = (port: number) => `http://${host}:${port}`;
    return {
      name, index, dataDir: path.join(dataDir, name), ports,
      endpoints: {
        graphqlUrl: `${base(ports.PORT)}/graphql`,
        realtimeUrl: `ws://${host}:${ports.PORT}/graphql/realtime`,
        dynamodbEndpoint: base(ports.DDB_PORT),
        stepFunctionsEndpoint: base(ports.SFN_PORT),
        cognitoEndpoint: base(ports.COGNITO_PORT),
        eventsEndpoint: base(ports.EVENTS_PORT),
      },
    };
  });
}

/** LOCAL_PEER_REGIONS for one region: every other region's endpoints (tasks/regions/peers.ts). */
export function peersOf(plan: readonly RegionPlan[], region: string): Record<string, PeerEndpoints> {
  return Object.fromEntries(plan.filter((r) => r.name !== region).map((r) => [r.name, r.endpoints]));
}

function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * An offset under which every port of `regionCount` regions is free now (tests, and several
 * developers on one machine): random offsets are probed until one fits.
 */
export async function freePortOffset(regionCount: number, host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    // Every port below 32768, where Linux's ephemeral range starts: a busy client (the drill's
    // shoppers) would otherwise hold a region's port while the region restarts.
    const offset = 10_000 + 10 * Math.floor(Math.random() * (22_000 - 10_000 - 1000 * regionCount) / 10);
    const ports = planRegions(Array.from({ length: regionCount }, (_, i) => `xx-test-${i + 1}`), '', offset, host).flatMap((r) => Object.values(r.ports));
    let free = true;
    for (const port of ports) if (!(await portIsFree(port, host))) { free = false; break; }
    if (free) return offset;
  }
  throw new RegionPlanError(`no port offset with ${regionCount * 5} free ports found`);
}
