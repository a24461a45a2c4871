// The sandbox providers' outage switches, for drills (API.md §7): `POST /_sandbox/payment/outage`
// and `POST /_sandbox/carrier/outage` with `{"on": true|false}` on the GraphQL port. While on, every
// call to that provider fails with a transient error, so retries run out and executions fail in place.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setCarrierOutage } from '../tasks/delivery/sandbox-carrier.ts';
import { setPaymentOutage } from '../tasks/payment/sandbox-payment-provider.ts';
import type { ExtraRoute } from './appsync/server.ts';

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function outageSwitch(provider: 'payment' | 'carrier', set: (on: boolean) => void): ExtraRoute {
  return {
    method: 'POST',
    path: `/_sandbox/${provider}/outage`,
    handler: (_req: IncomingMessage, res: ServerResponse, body: Buffer) => {
      let on: unknown;
      try {
        on = (JSON.parse(body.toString('utf8')) as { on?: unknown }).on;
      } catch {
        return json(res, 400, { message: 'Body must be JSON: {"on": true} or {"on": false}' });
      }
      if (typeof on !== 'boolean') return json(res, 400, { message: 'Body must be {"on": true} or {"on": false}' });
      set(on);
      console.log(`[sandbox] ${provider} outage ${on ? 'ON' : 'off'}`);
      return json(res, 200, { provider, outage: on });
    },
  };
}

export const sandboxRoutes: readonly ExtraRoute[] = [
  outageSwitch('payment', setPaymentOutage),
  outageSwitch('carrier', setCarrierOutage),
];
