// The Stripe adapter (tasks/payment/stripe-payment-provider.ts) through the official `stripe` SDK
// against the local Stripe-compatible server, its key read from the local Secrets Manager with
// Powertools Parameters. Each behaviour is checked at the provider, through its API:
// - authorise: a PaymentIntent confirmed with capture_method=manual is `requires_capture` with the
//   amount capturable (https://docs.stripe.com/payments/place-a-hold-on-a-payment-method);
// - capture with amount_to_capture below the amount releases the rest
//   (https://docs.stripe.com/api/payment_intents/capture);
// - void = cancel (https://docs.stripe.com/api/payment_intents/cancel);
// - refunds are partial and capped at what was captured minus earlier refunds
//   (https://docs.stripe.com/api/refunds/create);
// - the same Idempotency-Key replays the first result, never acting twice
//   (https://docs.stripe.com/api/idempotent_requests);
// - card declines are 402 card_error -> PaymentDeclined; 429, 409 idempotency_key_in_use, 5xx and
//   connection errors are transient -> PaymentProviderUnavailable (https://docs.stripe.com/error-handling,
//   https://docs.stripe.com/error-codes).
import '../unit/helpers/env.ts';
import Stripe from 'stripe';
import { mapStripeError, stripePaymentProvider as provider } from '../../tasks/payment/stripe-payment-provider.ts';
import { usePaymentProvider } from '../support/payment-provider.ts';
import { rejectionOf } from '../support/rejection.ts';

const payments = usePaymentProvider();
const usd = (amount: number) => ({ amount, currency: 'USD' });
let seq = 0;
const order = () => `order-${++seq}-${Date.now()}`;

afterEach(() => {
  payments.server.setOutage(false);
  payments.server.setFaults({ failRate: 0, seed: 1 });
});

test('authorise holds the amount with manual capture, the order id in metadata; the same reference replays the same hold', async () => {
  const orderId = order();
  const first = await provider.authorise({ reference: `authorise:${orderId}:0`, orderId, token: 'tok_visa', amount: usd(3_099) });
  const again = await provider.authorise({ reference: `authorise:${orderId}:0`, orderId, token: 'tok_visa', amount: usd(3_099) });
  expect(again.authorisationId).toBe(first.authorisationId);
  const { intents } = await payments.atProvider(orderId);
  expect(intents).toHaveLength(1);
  expect(intents[0]).toMatchObject({ id: first.authorisationId, status: 'requires_capture', capture_method: 'manual', amount: 3_099, amount_capturable: 3_099, currency: 'usd', metadata: { orderId } });
});

test('a PaymentMethod id (pm_card_visa, what Stripe.js gives) is confirmed as it is', async () => {
  const orderId = order();
  const { authorisationId } = await provider.authorise({ reference: `authorise:${orderId}:0`, orderId, token: 'pm_card_visa', amount: usd(500) });
  expect((await payments.stripe.paymentIntents.retrieve(authorisationId)).status).toBe('requires_capture');
});

test.each(['tok_declined', 'tok_insufficient_funds', 'tok_chargeDeclined'])('%s: PaymentDeclined (a business error), nothing held', async (token) => {
  const orderId = order();
  const error = await rejectionOf(provider.authorise({ reference: `authorise:${orderId}:0`, orderId, token, amount: usd(1_000) }));
  expect(error).toMatchObject({ name: 'PaymentDeclined', transient: false });
  expect((error as Error).cause).toBeInstanceOf(Stripe.errors.StripeCardError);
  const { intents } = await payments.atProvider(orderId);
  expect(intents.filter((pi) => pi.status === 'requires_capture')).toEqual([]);
});

test('tok_flaky: transient twice (Stripe 500 api_error), then one hold', async () => {
  const orderId = order();
  const call = () => provider.authorise({ reference: `authorise:${orderId}:0`, orderId, token: 'tok_flaky', amount: usd(700) });
  await expect(call()).rejects.toMatchObject({ name: 'PaymentProviderUnavailable', transient: true });
  await expect(call()).rejects.toMatchObject({ name: 'PaymentProviderUnavailable' });
  await expect(call()).resolves.toMatchObject({ authorisationId: expect.stringMatching(/^pi_/) });
  expect((await payments.atProvider(orderId)).intents.filter((pi) => pi.status === 'requires_capture')).toHaveLength(1);
});

test('the outage switch: every call transient until it is off; nothing was done meanwhile', async () => {
  const orderId = order();
  payments.server.setOutage(true);
  await expect(provider.authorise({ reference: `authorise:${orderId}:0`, orderId, token: 'tok_visa', amount: usd(100) })).rejects.toMatchObject({ name: 'PaymentProviderUnavailable' });
  payments.server.setOutage(false);
  expect((await payments.atProvider(orderId)).intents).toEqual([]);
  await expect(provider.authorise({ reference: `authorise:${orderId}:0`, orderId, token: 'tok_visa', amount: usd(100) })).resolves.toBeDefined();
});

test('partial capture (the order shrank): takes the amount, releases the rest; a replayed capture does not capture again', async () => {
  const orderId = order();
  const { authorisationId } = await provider.authorise({ reference: `authorise:${orderId}:0`, orderId, token: 'tok_visa', amount: usd(3_000) });
  const first = await provider.capture({ reference: `capture:${orderId}`, orderId, authorisationId, amount: usd(2_500) });
  const replay = await provider.capture({ reference: `capture:${orderId}`, orderId, authorisationId, amount: usd(2_500) });
  expect(replay.captureId).toBe(first.captureId);
  expect(await payments.stripe.paymentIntents.retrieve(authorisationId)).toMatchObject({ status: 'succeeded', amount_received: 2_500, amount_capturable: 0 });
});

test('capturing a hold that was released is PaymentDeclined (the saga compensates); nothing captured', async () => {
  const orderId = order();
  const { authorisationId } = await provider.authorise({ reference: `authorise:${orderId}:0`, orderId, token: 'tok_visa', amount: usd(900) });
  await provider.void({ reference: `void:${authorisationId}`, orderId, authorisationId });
  await expect(provider.capture({ reference: `capture:${orderId}`, orderId, authorisationId, amount: usd(900) })).rejects.toMatchObject({ name: 'PaymentDeclined' });
  expect(await payments.stripe.paymentIntents.retrieve(authorisationId)).toMatchObject({ status: 'canceled', amount_received: 0 });
});

test('void cancels the hold; voiding again (another key) is still done, nothing held', async () => {
  const orderId = order();
  const { authorisationId } = await provider.authorise({ reference: `authorise:${orderId}:0`, orderId, token: 'tok_visa', amount: usd(900) });
  await provider.void({ reference: `void:${authorisationId}`, orderId, authorisationId });
  await expect(provider.void({ reference: `void:${authorisationId}:again`, orderId, authorisationId })).resolves.toEqual({ voidId: authorisationId });
  expect(await payments.stripe.paymentIntents.retrieve(authorisationId)).toMatchObject({ status: 'canceled', amount_capturable: 0, amount_received: 0 });
});

test('partial refunds, each once per reference, capped at what was captured: more is PaymentDeclined', async () => {
  const orderId = order();
  const { authorisationId } = await provider.authorise({ reference: `authorise:${orderId}:0`, orderId, token: 'tok_visa', amount: usd(3_000) });
  const { captureId } = await provider.capture({ reference: `capture:${orderId}`, orderId, authorisationId, amount: usd(3_000) });
  const one = await provider.refund({ reference: `refund:${orderId}:r1`, orderId, captureId, amount: usd(1_000) });
  expect((await provider.refund({ reference: `refund:${orderId}:r1`, orderId, captureId, amount: usd(1_000) })).refundId).toBe(one.refundId);
  await provider.refund({ reference: `refund:${orderId}:r2`, orderId, captureId, amount: usd(1_500) });
  const over = await rejectionOf(provider.refund({ reference: `refund:${orderId}:r3`, orderId, captureId, amount: usd(501) }));
  expect(over).toMatchObject({ name: 'PaymentDeclined' });
  const { refunds } = await payments.atProvider(orderId);
  expect(refunds.map((r) => r.amount).sort()).toEqual([1_000, 1_500]);
  expect(refunds.every((r) => r.metadata?.orderId === orderId && r.status === 'succeeded')).toBe(true);
});

test('the same reference with other parameters is refused (idempotency_error), not acted on', async () => {
  const orderId = order();
  await provider.authorise({ reference: `authorise:${orderId}:0`, orderId, token: 'tok_visa', amount: usd(100) });
  const error = await rejectionOf(provider.authorise({ reference: `authorise:${orderId}:0`, orderId, token: 'tok_visa', amount: usd(200) }));
  expect(error.name).toBe('Error');
  expect((error as Error).cause).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  expect((await payments.atProvider(orderId)).intents).toHaveLength(1);
});

test('a seeded fault rate fails that share of calls transiently; retried with their references, each operation happens once', async () => {
  payments.server.setFaults({ failRate: 0.5, seed: 7 });
  const orderIds = Array.from({ length: 6 }, order);
  let transient = 0;
  const retry = async <T>(call: () => Promise<T>): Promise<T> => {
    for (;;) {
      try {
        return await call();
      } catch (error) {
        if ((error as Error).name !== 'PaymentProviderUnavailable') throw error;
        transient += 1;
      }
    }
  };
  for (const orderId of orderIds) {
    const { authorisationId } = await retry(() => provider.authorise({ reference: `authorise:${orderId}:0`, orderId, token: 'tok_visa', amount: usd(1_000) }));
    const { captureId } = await retry(() => provider.capture({ reference: `capture:${orderId}`, orderId, authorisationId, amount: usd(1_000) }));
    await retry(() => provider.refund({ reference: `refund:${orderId}:r`, orderId, captureId, amount: usd(400) }));
  }
  expect(transient).toBeGreaterThan(0);
  payments.server.setFaults({ failRate: 0, seed: 1 });
  for (const orderId of orderIds) {
    const { intents, refunds } = await payments.atProvider(orderId);
    expect(intents.map((pi) => [pi.status, pi.amount_received])).toEqual([['succeeded', 1_000]]);
    expect(refunds.map((r) => r.amount)).toEqual([400]);
  }
});

test.each([
  ['409 idempotency_key_in_use', { statusCode: 409, type: 'invalid_request_error', code: 'idempotency_key_in_use' }, 'PaymentProviderUnavailable'],
  ['429 rate_limit', { statusCode: 429, type: 'invalid_request_error', code: 'rate_limit' }, 'PaymentProviderUnavailable'],
  ['500 api_error', { statusCode: 500, type: 'api_error' }, 'PaymentProviderUnavailable'],
  ['402 card_error', { statusCode: 402, type: 'card_error', code: 'card_declined' }, 'PaymentDeclined'],
])('Stripe\'s %s maps to %s (its cause kept)', (_, raw, name) => {
  const error = Stripe.errors.StripeError.generate(raw as Parameters<typeof Stripe.errors.StripeError.generate>[0]);
  const mapped = mapStripeError(error, 'test');
  expect(mapped.name).toBe(name);
  expect(mapped.cause).toBe(error);
});

test('a connection error (nothing listening) is transient', async () => {
  const saved = process.env.PAYMENT_API_URL;
  process.env.PAYMENT_API_URL = 'http://127.0.0.1:1';
  try {
    const orderId = order();
    await expect(provider.authorise({ reference: `authorise:${orderId}:0`, orderId, token: 'tok_visa', amount: usd(100) })).rejects.toMatchObject({ name: 'PaymentProviderUnavailable' });
  } finally {
    process.env.PAYMENT_API_URL = saved;
  }
});

test('the key is read from Secrets Manager, never from the environment, and never logged', async () => {
  expect(Object.values(process.env)).not.toContain(payments.server.secretKey);
});
