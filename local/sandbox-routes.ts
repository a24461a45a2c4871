// The sandbox providers' drill switches (API.md §7), on the GraphQL port:
// `POST /_sandbox/{payment|carrier}/outage` with `{"on": true|false}` (while on, every call to that
// provider fails transiently, so retries run out and executions fail in place) and
// `POST /_sandbox/{payment|carrier}/faults` with `{"failRate": 0.3, "seed": 7}` (that share of calls
// fails transiently, chosen by a seeded generator; failRate 0 turns it off). The payment switches
// drive the local Stripe, in this process or (PAYMENT_ENDPOINT) shared by several regions.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setCarrierFaults, setCarrierOutage } from '../tasks/delivery/sandbox-carrier.ts';
import type { ExtraRoute } from './appsync/server.ts';
import { FaultSwitchInputError, parseFaultRate, parseOutage, type FaultRate } from './fault-switch.ts';
import { sandboxPaths } from './stripe/server.ts';

/** A provider's two switches; each may reach another process. */
export interface DrillSwitches {
  setOutage(on: boolean): void | Promise<void>;
  setFaults(faults: FaultRate): void | Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function switchRoute<T>(path: string, parse: (input: unknown) => T, apply: (value: T) => void | Promise<void>, answer: (value: T) => unknown): ExtraRoute {
  return {
    method: 'POST',
    path,
    handler: async (_req: IncomingMessage, res: ServerResponse, body: Buffer) => {
      let value: T;
      try {
        value = parse(JSON.parse(body.toString('utf8')));
      } catch (err) {
        const message = err instanceof FaultSwitchInputError ? err.message : 'Body must be JSON';
        return json(res, 400, { message });
      }
      try {
        await apply(value);
      } catch (err) {
        return json(res, 502, { message: `the switch could not be set: ${(err as Error).message}` });
      }
      console.log(`[sandbox] ${path} ${JSON.stringify(value)}`);
      return json(res, 200, answer(value));
    },
  };
}

function drillRoutes(provider: 'payment' | 'carrier', switches: DrillSwitches): ExtraRoute[] {
  return [
    switchRoute(`/_sandbox/${provider}/outage`, parseOutage, (on) => switches.setOutage(on), (on) => ({ provider, outage: on })),
    switchRoute(`/_sandbox/${provider}/faults`, parseFaultRate, (faults) => switches.setFaults(faults), (faults) => ({ provider, faults })),
  ];
}

/** The switches of a local Stripe in another process, through its own sandbox routes. */
export function remoteStripeSwitches(endpoint: string): DrillSwitches {
  const post = async (path: string, body: unknown) => {
    const res = await fetch(new URL(path, endpoint), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${endpoint}${path} answered ${res.status}: ${await res.text()}`);
  };
  return {
    setOutage: (on) => post(sandboxPaths.outage, { on }),
    setFaults: (faults) => post(sandboxPaths.faults, faults),
  };
}

export const carrierSwitches: DrillSwitches = { setOutage: setCarrierOutage, setFaults: setCarrierFaults };

export function sandboxRoutes(payment: DrillSwitches): ExtraRoute[] {
  return [...drillRoutes('payment', payment), ...drillRoutes('carrier', carrierSwitches)];
}
