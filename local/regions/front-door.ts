// The front door (API.md §8): what Route 53 latency records with health checks do in front of the
// regions' APIs, on one local port. Each request goes to the caller's nearest region
// (`x-bigsmokes-client-region`; the primary when absent) if that region is healthy, else to the
// nearest healthy one (tasks/regions/peers.ts's order); when none is healthy, Route 53 answers as if
// all were (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-complex-configs.html).
// POST /graphql, the real-time socket and the web app are proxied; /outputs.json is the whole
// set of regions' endpoints for the web app. The drill switches stop, start, evacuate a region and
// declare it returned (the stock it lost handed back).
import http from 'node:http';
import net from 'node:net';
import { otherRegions } from '../../tasks/regions/peers.ts';
import { listen } from '../http/listen.ts';
import { evacuate } from './evacuate.ts';
import { handBackEverywhere } from './hand-back.ts';
import { HealthChecks, type HealthCheckOptions } from './health-checks.ts';
import type { LocalRegions } from './launcher.ts';

export const CLIENT_REGION_HEADER = 'x-bigsmokes-client-region';
export const SERVED_BY_HEADER = 'x-bigsmokes-region';

export interface FrontDoorOptions {
  readonly port: number;
  readonly host?: string;
  readonly regions: LocalRegions;
  readonly health?: HealthCheckOptions;
  /** The account in the local ARNs (for the evacuation runbook). */
  readonly accountId: string;
}

export interface FrontDoor {
  readonly url: string;
  readonly graphqlUrl: string;
  readonly health: HealthChecks;
  /** The region a caller near `clientRegion` is sent to now. */
  route(clientRegion?: string): string;
  close(): Promise<void>;
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

export async function startFrontDoor(options: FrontDoorOptions): Promise<FrontDoor> {
  const { regions } = options;
  const host = options.host ?? '127.0.0.1';
  const names = regions.plan.map((r) => r.name);
  const endpoint = (region: string) => new URL(regions.plan.find((r) => r.name === region)!.endpoints.graphqlUrl);
  const health = new HealthChecks(Object.fromEntries(names.map((name) => [name, new URL('/outputs.json', endpoint(name)).href])), options.health);

  const route = (clientRegion?: string): string => {
    const nearest = clientRegion !== undefined && names.includes(clientRegion) ? clientRegion : regions.primary;
    const candidates = [nearest, ...otherRegions(nearest, { PEER_REGIONS: names.join(',') })];
    return candidates.find((name) => health.isHealthy(name)) ?? nearest;
  };
  const clientRegionOf = (req: http.IncomingMessage) => {
    const value = req.headers[CLIENT_REGION_HEADER];
    return Array.isArray(value) ? value[0] : value;
  };

  async function drill(res: http.ServerResponse, region: string, action: string): Promise<void> {
    if (!names.includes(region)) return json(res, 404, { message: `${region} is not one of the local regions (${names.join(', ')})` });
    if (action === 'down') {
      await regions.down(region);
      return json(res, 200, { region, up: false });
    }
    if (action === 'up') {
      await regions.up(region);
      return json(res, 200, { region, up: true });
    }
    if (action === 'return') {
      // Every other running region hands back the rows of `region` it adopted (only an adopter holds any).
      const adopters = names.filter((name) => name !== region && regions.isUp(name))
        .map((name) => ({ region: name, stepFunctionsEndpoint: regions.plan.find((r) => r.name === name)!.endpoints.stepFunctionsEndpoint, accountId: options.accountId }));
      return json(res, 200, { region, handBacks: await handBackEverywhere(region, adopters) });
    }
    // The operator's choice: the nearest region that runs, a healthy one first (an overloaded
    // survivor failing its health checks still adopts better than nobody).
    const running = otherRegions(region, { PEER_REGIONS: names.join(',') }).filter((name) => regions.isUp(name));
    const survivor = running.find((name) => health.isHealthy(name)) ?? running[0];
    if (survivor === undefined) return json(res, 409, { message: `no surviving region can adopt ${region}` });
    const sfn = regions.plan.find((r) => r.name === survivor)!.endpoints.stepFunctionsEndpoint;
    return json(res, 200, await evacuate(region, { region: survivor, stepFunctionsEndpoint: sfn, accountId: options.accountId }));
  }

  function proxy(req: http.IncomingMessage, res: http.ServerResponse): void {
    const region = route(clientRegionOf(req));
    const target = endpoint(region);
    const upstream = http.request({
      host: target.hostname, port: target.port, method: req.method, path: req.url,
      headers: { ...req.headers, host: target.host },
    }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, { ...answer.headers, [SERVED_BY_HEADER]: region });
      answer.pipe(res);
    });
    upstream.on('error', (err) => {
      if (!res.headersSent) json(res, 502, { errors: [{ errorType: 'RegionUnavailable', message: `${region} did not answer: ${err.message}` }] });
      else res.destroy();
    });
    req.pipe(upstream);
  }

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const switchMatch = /^\/_drill\/region\/([\w-]+)\/(down|up|evacuate|return)$/.exec(path);
    if (switchMatch && req.method === 'POST') {
      req.resume();
      drill(res, switchMatch[1]!, switchMatch[2]!).catch((err: Error) => json(res, 500, { message: err.message }));
      return;
    }
    if (path === '/_drill/regions' && req.method === 'GET') {
      return json(res, 200, { health: health.status(), up: Object.fromEntries(names.map((n) => [n, regions.isUp(n)])) });
    }
    if (path === '/outputs.json' && req.method === 'GET') {
      const { demoUsers: _passwords, ...publicOutputs } = regions.outputs();
      return json(res, 200, { ...publicOutputs, graphqlUrl: frontDoor.graphqlUrl, realtimeUrl: frontDoor.graphqlUrl.replace(/^http/, 'ws') + '/realtime', frontDoorUrl: frontDoor.graphqlUrl });
    }
    proxy(req, res);
  });
  // The real-time socket: the upgrade request and then the raw bytes, both ways.
  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    const target = endpoint(route(clientRegionOf(req)));
    const upstream = net.connect(Number(target.port), target.hostname, () => {
      const headers = Object.entries({ ...req.headers, host: target.host }).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${k}: ${x}`));
      upstream.write(`${req.method} ${req.url} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  const port = await listen(server, options.port, host, 'Front door (FRONT_DOOR_PORT)');
  const url = `http://${host}:${port}`;
  const frontDoor: FrontDoor = {
    url, graphqlUrl: `${url}/graphql`, health, route,
    async close() {
      health.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return frontDoor;
}
