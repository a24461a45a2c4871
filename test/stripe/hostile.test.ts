// Whatever a client sends, the local Stripe answers as Stripe does (https://docs.stripe.com/api/errors):
// a 2xx, or a 4xx with `{"error": {"type", "message", ...}}`; never a 5xx of its own, a dropped
// connection or a changed store behind a refusal. Random form bodies, in Stripe's bracket notation
// and out of it, against every POST route.
import fc from 'fast-check';
import { authorise, startTestStripe, type TestStripe } from './support.ts';

let env: TestStripe;
let intentId: string;
beforeAll(async () => {
  env = await startTestStripe();
  intentId = (await authorise(env.stripe, 5000, 'tok_visa', 'order-hostile')).id;
});
afterAll(async () => { await env.close(); });

const names = ['amount', 'currency', 'confirm', 'capture_method', 'payment_method', 'payment_method_data', 'metadata', 'amount_to_capture',
  'payment_intent', 'charge', 'expand', 'automatic_payment_methods', 'allowed_payment_method_types', 'cancellation_reason', 'reason', 'limit'];
const name = fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 12 }));
const suffix = fc.oneof(fc.constant(''), fc.constant('[]'), fc.constant('[0]'), fc.string({ maxLength: 8 }).map((key) => `[${key}]`),
  fc.tuple(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 })).map(([a, b]) => `[${a}][${b}]`));
const value = fc.oneof(fc.constantFrom('', 'true', 'false', '0', '-1', '1000', '99999999999999999999', 'usd', 'manual', 'tok_visa', 'pm_card_visa', 'null'), fc.string({ maxLength: 20 }));
const pairs = fc.array(fc.tuple(name, suffix, value), { maxLength: 8 });
const raw = fc.string({ maxLength: 60 });
const route = fc.constantFrom('/v1/payment_intents', '/v1/refunds', 'capture', 'cancel', 'confirm');

it('answers every form body with a 2xx or a Stripe 4xx error', async () => {
  await fc.assert(fc.asyncProperty(route, fc.oneof(pairs.map((list) => list.map(([n, s, v]) => `${encodeURIComponent(n)}${s}=${encodeURIComponent(v)}`).join('&')), raw), async (target, body) => {
    const path = target.startsWith('/') ? target : `/v1/payment_intents/${intentId}/${target}`;
    const res = await fetch(`${env.server.endpoint}${path}`, {
      method: 'POST', body, headers: { authorization: `Bearer ${env.server.secretKey}`, 'content-type': 'application/x-www-form-urlencoded' },
    });
    const answer = await res.json() as { error?: { type?: string; message?: string } };
    expect(res.status).toBeLessThan(500);
    if (res.status >= 400) {
      expect(['invalid_request_error', 'card_error', 'idempotency_error']).toContain(answer.error?.type);
      expect(answer.error?.message).toEqual(expect.any(String));
    }
  }), { numRuns: 300 });
});

const listNames = ['limit', 'starting_after', 'ending_before', 'created', 'payment_intent', 'query', 'page', 'expand'];
const queryValue = fc.oneof(value, fc.constantFrom("metadata['orderId']:'order-hostile'", 'amount>1', "status:'x' OR", "-metadata['a']:null", 'pi_unknown'));

it('answers every list and search query with a 2xx or a Stripe 4xx error', async () => {
  const query = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...listNames), fc.string({ maxLength: 8 })), suffix, queryValue), { maxLength: 5 })
    .map((list) => list.map(([n, s, v]) => `${encodeURIComponent(n)}${s}=${encodeURIComponent(v)}`).join('&'));
  await fc.assert(fc.asyncProperty(fc.constantFrom('/v1/payment_intents', '/v1/refunds', '/v1/charges', '/v1/payment_intents/search'), query, async (path, search) => {
    const res = await fetch(`${env.server.endpoint}${path}?${search}`, { headers: { authorization: `Bearer ${env.server.secretKey}` } });
    const answer = await res.json() as { object?: string; error?: { type?: string } };
    expect(res.status).toBeLessThan(500);
    if (res.status >= 400) expect(answer.error?.type).toBe('invalid_request_error');
    else expect(['list', 'search_result']).toContain(answer.object);
  }), { numRuns: 300 });
});
