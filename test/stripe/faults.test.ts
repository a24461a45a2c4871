// Transient failures of the local Stripe, through the official SDK:
// - tok_flaky (API.md §7): the first two calls of each operation fail with a transient 500
//   api_error, then it succeeds. The failures are decided before the endpoint runs, so nothing is
//   saved against the idempotency key (https://docs.stripe.com/api/idempotent_requests: results are
//   saved only once an endpoint begins executing) and the SDK's own retries
//   (https://docs.stripe.com/error-handling#retries, maxNetworkRetries) get through.
// - the drill switches (API.md §7): the outage switch fails every call; the fault rate fails a
//   seeded share of calls with Stripe's transient errors (500 api_error,
//   https://docs.stripe.com/api/errors, or 429, https://docs.stripe.com/rate-limits), the same calls
//   for the same seed; failRate 0 turns it off; a bad body is a 400.
import Stripe from 'stripe';
import { FaultSwitch } from '../../local/fault-switch.ts';
import { authorise, sentMessage, startTestStripe, stripeError, type TestStripe } from './support.ts';

let env: TestStripe;
beforeAll(async () => { env = await startTestStripe(); });
afterAll(async () => { await env.close(); });

const post = (path: string, body: string) => fetch(`${env.server.endpoint}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });

describe('tok_flaky', () => {
  it('fails the first two calls of each operation with a transient 500, then succeeds, each operation once', async () => {
    const key = 'authorise-order-flaky';
    for (const call of [1, 2]) {
      const error = await stripeError(authorise(env.stripe, 4000, 'tok_flaky', 'order-flaky', key));
      expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
      expect(error).toMatchObject({ statusCode: 500, type: 'StripeAPIError' });
      expect(sentMessage(error)).toContain(`call ${call}`);
    }
    const intent = await authorise(env.stripe, 4000, 'tok_flaky', 'order-flaky', key);
    expect(intent.status).toBe('requires_capture');
    expect((await env.stripe.paymentIntents.search({ query: "metadata['orderId']:'order-flaky'" })).data).toHaveLength(1);

    for (let call = 0; call < 2; call += 1) {
      expect(await stripeError(env.stripe.paymentIntents.capture(intent.id, {}, { idempotencyKey: 'capture-order-flaky' }))).toMatchObject({ statusCode: 500 });
    }
    expect(await env.stripe.paymentIntents.capture(intent.id, {}, { idempotencyKey: 'capture-order-flaky' })).toMatchObject({ status: 'succeeded', amount_received: 4000 });
  });

  it('gets through with the SDK retrying by itself (maxNetworkRetries 2)', async () => {
    const retrying = env.client({ maxNetworkRetries: 2 });
    const intent = await authorise(retrying, 4100, 'tok_flaky', 'order-flaky-retried');
    expect(intent.status).toBe('requires_capture');
    expect(await retrying.paymentIntents.cancel(intent.id)).toMatchObject({ status: 'canceled' });
  });
});

describe('drill switches', () => {
  it('fails every call during an outage, and none after', async () => {
    expect(await (await post('/_sandbox/payment/outage', '{"on": true}')).json()).toEqual({ provider: 'payment', outage: true });
    const error = await stripeError(authorise(env.stripe, 1000, 'tok_visa', 'order-outage'));
    expect(error).toMatchObject({ statusCode: 503, type: 'StripeAPIError' });
    await post('/_sandbox/payment/outage', '{"on": false}');
    expect((await authorise(env.stripe, 1000, 'tok_visa', 'order-outage')).status).toBe('requires_capture');
  });

  async function failurePattern(calls: number): Promise<string> {
    let pattern = '';
    for (let call = 0; call < calls; call += 1) {
      try {
        await env.stripe.paymentIntents.list({ limit: 1 });
        pattern += '.';
      } catch (err) {
        const status = (err as Stripe.errors.StripeError).statusCode;
        expect([500, 429]).toContain(status);
        pattern += status === 500 ? 'E' : 'R';
      }
    }
    return pattern;
  }

  it('fails a seeded share of calls with 500 api_error or 429, the same calls for the same seed', async () => {
    expect(await (await post('/_sandbox/payment/faults', '{"failRate": 0.3, "seed": 7}')).json()).toEqual({ provider: 'payment', faults: { failRate: 0.3, seed: 7 } });
    const first = await failurePattern(200);
    await post('/_sandbox/payment/faults', '{"failRate": 0.3, "seed": 7}');
    const second = await failurePattern(200);
    expect(second).toBe(first);
    const failures = first.replaceAll('.', '').length;
    expect(failures).toBeGreaterThan(30);
    expect(failures).toBeLessThan(90);
    expect(first).toMatch(/E/);
    expect(first).toMatch(/R/);
    await post('/_sandbox/payment/faults', '{"failRate": 0.3, "seed": 8}');
    expect(await failurePattern(200)).not.toBe(first);
    await post('/_sandbox/payment/faults', '{"failRate": 0, "seed": 7}');
    expect(await failurePattern(50)).toBe('.'.repeat(50));
  });

  it('refuses a bad switch body with a 400 and keeps the switch as it was', async () => {
    for (const body of ['{"failRate": 2}', '{"failRate": "0.3"}', '{"failRate": 0.3, "seed": 1.5}', 'not json']) {
      expect((await post('/_sandbox/payment/faults', body)).status).toBe(400);
    }
    expect((await post('/_sandbox/payment/outage', '{"on": "yes"}')).status).toBe(400);
    expect((await env.stripe.paymentIntents.list({ limit: 1 })).object).toBe('list');
  });
});

describe('FaultSwitch', () => {
  it('decides the same calls for the same seed and fails about failRate of them', () => {
    const decide = (seed: number) => {
      const faults = new FaultSwitch();
      faults.setFaults({ failRate: 0.3, seed });
      return Array.from({ length: 1000 }, () => (faults.check() ? 1 : 0));
    };
    expect(decide(7)).toEqual(decide(7));
    expect(decide(7)).not.toEqual(decide(8));
    const failed = decide(7).reduce<number>((sum, one) => sum + one, 0);
    expect(failed).toBeGreaterThan(250);
    expect(failed).toBeLessThan(350);
  });
});
