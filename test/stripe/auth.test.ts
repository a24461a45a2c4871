// Authentication as https://docs.stripe.com/api/authentication documents it: the secret key as a
// bearer token or as the basic-auth user name (no password); no key, or a wrong one, is a 401
// (https://docs.stripe.com/api/errors: "401 Unauthorized: No valid API key provided"), which the
// SDK raises as StripeAuthenticationError.
import Stripe from 'stripe';
import { sentMessage, startTestStripe, stripeError, type TestStripe } from './support.ts';

let env: TestStripe;
beforeAll(async () => { env = await startTestStripe(); });
afterAll(async () => { await env.close(); });

it('accepts the secret key as a bearer token (the SDK) or as the basic-auth user name', async () => {
  expect((await env.stripe.paymentIntents.list()).object).toBe('list');
  const basic = await fetch(`${env.server.endpoint}/v1/payment_intents`, { headers: { authorization: `Basic ${Buffer.from(`${env.server.secretKey}:`).toString('base64')}` } });
  expect(basic.status).toBe(200);
});

it('refuses a wrong key and a missing one with a 401, and runs nothing', async () => {
  const wrong = await stripeError(env.client({ apiKey: 'sk_test_someone_else' }).paymentIntents.create({ amount: 1000, currency: 'usd' }));
  expect(wrong).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  expect(wrong.statusCode).toBe(401);
  expect(sentMessage(wrong)).toMatch(/^Invalid API Key provided: sk_test_/);
  expect(sentMessage(wrong)).not.toContain('someone_else');
  const missing = await fetch(`${env.server.endpoint}/v1/payment_intents`, { method: 'POST', body: 'amount=1000&currency=usd', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  expect(missing.status).toBe(401);
  expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(/You did not provide an API key/);
  expect((await env.stripe.paymentIntents.list()).data).toEqual([]);
});
