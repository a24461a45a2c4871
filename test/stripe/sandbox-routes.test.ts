// The drill switches on the GraphQL port (API.md §7): `/_sandbox/payment/outage|faults` drive the
// local Stripe, whether it runs in this process or (PAYMENT_ENDPOINT) in another one shared by
// several regions; `/_sandbox/carrier/outage|faults` drive the sandbox carrier. The payment
// failures are Stripe's transient errors (https://docs.stripe.com/api/errors: 5xx api_error;
// https://docs.stripe.com/rate-limits: 429).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExtraRoute } from '../../local/appsync/server.ts';
import { remoteStripeSwitches, sandboxRoutes } from '../../local/sandbox-routes.ts';
import { sandboxCarrier, setCarrierFaults, setCarrierOutage } from '../../tasks/delivery/sandbox-carrier.ts';
import { authorise, startTestStripe, stripeError, type TestStripe } from './support.ts';

let env: TestStripe;
beforeAll(async () => { env = await startTestStripe(); });
afterAll(async () => {
  setCarrierOutage(false);
  setCarrierFaults({ failRate: 0, seed: 0 });
  await env.close();
});

/** The routes as the GraphQL port mounts them (method, path, raw body). */
async function serve(routes: readonly ExtraRoute[]): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const route = routes.find((candidate) => candidate.method === req.method && candidate.path === req.url);
      if (!route) {
        res.writeHead(404);
        res.end();
        return;
      }
      void route.handler(req, res, Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const post = (url: string, body: string) => fetch(url, { method: 'POST', body });
const address = { name: 'A', line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' };

describe.each([
  ['in this process', () => env.server],
  ['in another process (PAYMENT_ENDPOINT)', () => remoteStripeSwitches(env.server.endpoint)],
])('the payment switches drive the local Stripe %s', (_where, switches) => {
  it('outage on fails every call; off lets them through; faults at rate 1 fail every call transiently', async () => {
    const { url, server } = await serve(sandboxRoutes(switches()));
    try {
      expect(await (await post(`${url}/_sandbox/payment/outage`, '{"on": true}')).json()).toEqual({ provider: 'payment', outage: true });
      expect(await stripeError(authorise(env.stripe, 1000, 'tok_visa', 'order-drill'))).toMatchObject({ statusCode: 503 });
      await post(`${url}/_sandbox/payment/outage`, '{"on": false}');
      expect((await authorise(env.stripe, 1000, 'tok_visa', 'order-drill')).status).toBe('requires_capture');

      expect(await (await post(`${url}/_sandbox/payment/faults`, '{"failRate": 1, "seed": 3}')).json()).toEqual({ provider: 'payment', faults: { failRate: 1, seed: 3 } });
      for (let call = 0; call < 5; call += 1) {
        expect([500, 429]).toContain((await stripeError(env.stripe.paymentIntents.list())).statusCode);
      }
      await post(`${url}/_sandbox/payment/faults`, '{"failRate": 0, "seed": 3}');
      expect((await env.stripe.paymentIntents.list()).object).toBe('list');
      expect((await post(`${url}/_sandbox/payment/faults`, '{"failRate": -1}')).status).toBe(400);
      expect((await post(`${url}/_sandbox/payment/outage`, '{}')).status).toBe(400);
    } finally {
      server.close();
    }
  });
});

describe('the carrier switches', () => {
  async function pattern(calls: number): Promise<string> {
    let seen = '';
    for (let call = 0; call < calls; call += 1) {
      seen += await sandboxCarrier.book({ reference: `drill-${call}-${Math.random()}`, address, parcels: 1 })
        .then(() => '.', (err: Error) => {
          expect(err.name).toBe('CarrierUnavailable');
          return 'x';
        });
    }
    return seen;
  }

  it('fail a seeded share of bookings transiently, the same ones for the same seed; outage fails all', async () => {
    const { url, server } = await serve(sandboxRoutes(env.server));
    try {
      expect(await (await post(`${url}/_sandbox/carrier/faults`, '{"failRate": 0.3, "seed": 7}')).json()).toEqual({ provider: 'carrier', faults: { failRate: 0.3, seed: 7 } });
      const first = await pattern(100);
      await post(`${url}/_sandbox/carrier/faults`, '{"failRate": 0.3, "seed": 7}');
      expect(await pattern(100)).toBe(first);
      expect(first).toMatch(/x/);
      expect(first).toMatch(/\./);
      await post(`${url}/_sandbox/carrier/faults`, '{"failRate": 0, "seed": 7}');
      expect(await pattern(20)).toBe('.'.repeat(20));
      await post(`${url}/_sandbox/carrier/outage`, '{"on": true}');
      expect(await pattern(5)).toBe('xxxxx');
      await post(`${url}/_sandbox/carrier/outage`, '{"on": false}');
      expect((await post(`${url}/_sandbox/carrier/faults`, 'nope')).status).toBe(400);
    } finally {
      server.close();
    }
  });
});
