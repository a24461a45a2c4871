// The local Stripe's idempotent requests, through the official SDK, as
// https://docs.stripe.com/api/idempotent_requests documents them:
// - the status code and body of the first request made with a key are saved once the endpoint
//   begins executing, and a retry with the same key gets them back, errors included (a decline
//   stays a decline); the official SDKs mark a replay with the `Idempotent-Replayed: true` header;
// - the parameters of a retry are compared with the first request's and a difference is an
//   idempotency_error (https://docs.stripe.com/api/errors: "Idempotency-Key re-used on a request
//   that does not match the first request's API endpoint and parameters");
// - a request that failed validation, or conflicted with another request using the same key while
//   it ran (409, https://docs.stripe.com/error-codes#idempotency-key-in-use), saves nothing;
// - keys may be pruned once at least 24 hours old, after which the key starts a new request.
import { request } from 'node:http';
import { jest } from '@jest/globals';
import Stripe from 'stripe';
import { authorise, startTestStripe, stripeError, type TestStripe } from './support.ts';

let env: TestStripe;
beforeAll(async () => { env = await startTestStripe(); });
afterAll(async () => { await env.close(); });
afterEach(() => { jest.restoreAllMocks(); });

const searchOrder = (orderId: string) => env.stripe.paymentIntents.search({ query: `metadata['orderId']:'${orderId}'` });

it('replays the saved answer for the same key and parameters, and the provider holds one PaymentIntent', async () => {
  const first = await authorise(env.stripe, 2100, 'tok_visa', 'order-replay', 'authorise-order-replay');
  const again = await authorise(env.stripe, 2100, 'tok_visa', 'order-replay', 'authorise-order-replay');
  expect(again.id).toBe(first.id);
  expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
  expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();
  const held = await searchOrder('order-replay');
  expect(held.data.map((intent) => intent.id)).toEqual([first.id]);
});

it('captures and refunds once for one key, however often the call is retried', async () => {
  const intent = await authorise(env.stripe, 6000, 'tok_visa', 'order-once');
  const capture = await env.stripe.paymentIntents.capture(intent.id, { amount_to_capture: 5000 }, { idempotencyKey: 'capture-order-once' });
  const recaptured = await env.stripe.paymentIntents.capture(intent.id, { amount_to_capture: 5000 }, { idempotencyKey: 'capture-order-once' });
  expect(recaptured).toEqual(capture);
  expect(recaptured.lastResponse.headers['idempotent-replayed']).toBe('true');
  for (let attempt = 0; attempt < 3; attempt += 1) {
    await env.stripe.refunds.create({ payment_intent: intent.id, amount: 1000 }, { idempotencyKey: 'refund-order-once-1' });
  }
  const refunds = await env.stripe.refunds.list({ payment_intent: intent.id });
  expect(refunds.data.map((refund) => refund.amount)).toEqual([1000]);
});

it('replays a decline as a decline, without a second attempt at the card', async () => {
  const first = await stripeError(authorise(env.stripe, 2200, 'tok_chargeDeclined', 'order-declined-replay', 'authorise-order-declined-replay'));
  const again = await stripeError(authorise(env.stripe, 2200, 'tok_chargeDeclined', 'order-declined-replay', 'authorise-order-declined-replay'));
  expect(again).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'generic_decline' });
  expect(again.payment_intent?.id).toBe(first.payment_intent?.id);
  expect(again.headers?.['idempotent-replayed']).toBe('true');
  expect((await searchOrder('order-declined-replay')).data).toHaveLength(1);
});

it('refuses the same key with other parameters or on another endpoint: idempotency_error', async () => {
  const intent = await authorise(env.stripe, 2300, 'tok_visa', 'order-mismatch', 'authorise-order-mismatch');
  const changed = await stripeError(authorise(env.stripe, 2400, 'tok_visa', 'order-mismatch', 'authorise-order-mismatch'));
  expect(changed).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  expect(changed).toMatchObject({ statusCode: 400, type: 'StripeIdempotencyError' });
  const elsewhere = await stripeError(env.stripe.paymentIntents.cancel(intent.id, {}, { idempotencyKey: 'authorise-order-mismatch' }));
  expect(elsewhere).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  expect(await env.stripe.paymentIntents.retrieve(intent.id)).toMatchObject({ status: 'requires_capture', amount: 2300 });
});

it('saves nothing for a request that failed validation, so the corrected request runs', async () => {
  const invalid = await stripeError(env.stripe.paymentIntents.create({ amount: 10, currency: 'usd' }, { idempotencyKey: 'fix-and-retry' }));
  expect(invalid).toMatchObject({ statusCode: 400, code: 'amount_too_small' });
  const fixed = await env.stripe.paymentIntents.create({ amount: 1000, currency: 'usd' }, { idempotencyKey: 'fix-and-retry' });
  expect(fixed.amount).toBe(1000);
});

it('answers 409 idempotency_key_in_use while a request with the key is still running, then replays its answer', async () => {
  const key = 'authorise-order-concurrent';
  const body = new URLSearchParams({
    amount: '2500', currency: 'usd', capture_method: 'manual', confirm: 'true',
    'automatic_payment_methods[enabled]': 'true', 'automatic_payment_methods[allow_redirects]': 'never', 'payment_method_data[type]': 'card',
    'payment_method_data[card][token]': 'tok_visa', 'metadata[orderId]': 'order-concurrent',
  }).toString();
  const url = new URL(env.server.endpoint);
  // The first request arrives and is still being received when the second comes in.
  const first = request({
    host: url.hostname, port: url.port, path: '/v1/payment_intents', method: 'POST',
    headers: { authorization: `Bearer ${env.server.secretKey}`, 'idempotency-key': key, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
  });
  const firstAnswer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    first.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => { text += chunk.toString('utf8'); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    first.on('error', reject);
  });
  first.write(body.slice(0, 10));
  // Ordering on loopback only (the first request's headers reach the server before the second starts).
  await new Promise((resolve) => setTimeout(resolve, 100));
  const conflict = await stripeError(env.stripe.paymentIntents.create({
    amount: 2500, currency: 'usd', capture_method: 'manual', confirm: true,
    automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    payment_method_data: { type: 'card', card: { token: 'tok_visa' } } as Stripe.PaymentIntentCreateParams.PaymentMethodData,
    metadata: { orderId: 'order-concurrent' },
  }, { idempotencyKey: key }));
  expect(conflict).toMatchObject({ statusCode: 409, code: 'idempotency_key_in_use' });
  first.end(body.slice(10));
  const answered = await firstAnswer;
  expect(answered.status).toBe(200);
  const created = JSON.parse(answered.body) as Stripe.PaymentIntent;
  const replayed = await authorise(env.stripe, 2500, 'tok_visa', 'order-concurrent', key);
  expect(replayed.id).toBe(created.id);
  expect((await searchOrder('order-concurrent')).data).toHaveLength(1);
});

it('forgets a key after 24 hours: the key then starts a new request', async () => {
  const first = await authorise(env.stripe, 2600, 'tok_visa', 'order-expiry', 'authorise-order-expiry');
  const now = Date.now();
  jest.spyOn(Date, 'now').mockReturnValue(now + 24 * 60 * 60 * 1000 + 1);
  const later = await authorise(env.stripe, 2700, 'tok_visa', 'order-expiry', 'authorise-order-expiry');
  expect(later.id).not.toBe(first.id);
  expect(later.amount).toBe(2700);
});
