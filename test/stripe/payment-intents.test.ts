// The local Stripe's PaymentIntents through the official SDK. Behaviour follows:
// - https://docs.stripe.com/api/payment_intents/create (confirm=true, capture_method=manual, metadata)
// - https://docs.stripe.com/payments/place-a-hold-on-a-payment-method (authorise now, capture later:
//   status requires_capture, amount_capturable)
// - https://docs.stripe.com/api/payment_intents/capture (amount_to_capture up to amount_capturable;
//   the rest is released; status succeeded, amount_received)
// - https://docs.stripe.com/api/payment_intents/cancel (statuses that may be canceled; otherwise
//   payment_intent_unexpected_state)
// - https://docs.stripe.com/testing (test tokens and PaymentMethods: tok_visa, tok_chargeDeclined,
//   tok_chargeDeclinedInsufficientFunds, pm_card_visa, pm_card_chargeDeclined)
// - https://docs.stripe.com/api/errors (402 card_error with code, decline_code and payment_intent;
//   400 invalid_request_error with param; 404 resource_missing)
// - https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts (amount_too_small)
// - https://docs.stripe.com/api/payment_intents/create#create_payment_intent-automatic_payment_methods-allow_redirects
//   (with automatic payment methods, confirming needs a return_url unless redirects are off)
import Stripe from 'stripe';
import { authorise, startTestStripe, stripeError, type TestStripe } from './support.ts';

let env: TestStripe;
beforeAll(async () => { env = await startTestStripe(); });
afterAll(async () => { await env.close(); });

describe('authorisation with manual capture', () => {
  it('creates and confirms at once: requires_capture, the whole amount capturable, the order id in metadata', async () => {
    const intent = await authorise(env.stripe, 4200, 'tok_visa', 'order-1');
    expect(intent).toMatchObject({
      object: 'payment_intent', status: 'requires_capture', amount: 4200, amount_capturable: 4200, amount_received: 0,
      currency: 'usd', capture_method: 'manual', metadata: { orderId: 'order-1' }, last_payment_error: null, livemode: false,
    });
    expect(intent.id).toMatch(/^pi_/);
    expect(intent.payment_method).toMatch(/^pm_/);
    expect(intent.latest_charge).toMatch(/^ch_/);
    expect(await env.stripe.paymentIntents.retrieve(intent.id)).toEqual(intent);
  });

  it('keeps automatic_payment_methods as given (cards only, no redirects)', async () => {
    const intent = await env.stripe.paymentIntents.create({
      amount: 1500, currency: 'usd', capture_method: 'manual', confirm: true, payment_method: 'pm_card_visa',
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    });
    expect(intent).toMatchObject({ status: 'requires_capture', automatic_payment_methods: { enabled: true, allow_redirects: 'never' } });
  });

  it('takes a test PaymentMethod (pm_card_visa) as payment_method', async () => {
    const intent = await env.stripe.paymentIntents.create({ amount: 1500, currency: 'usd', capture_method: 'manual', confirm: true, payment_method: 'pm_card_visa', allowed_payment_method_types: ['card'] });
    expect(intent.status).toBe('requires_capture');
  });

  it('without confirm waits for confirmation, and confirms later', async () => {
    const created = await env.stripe.paymentIntents.create({ amount: 1500, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa' });
    // Automatic payment methods (the default) may redirect, so confirming takes a return_url.
    expect(await stripeError(env.stripe.paymentIntents.confirm(created.id))).toMatchObject({ statusCode: 400, param: 'return_url' });
    expect(created.status).toBe('requires_confirmation');
    const confirmed = await env.stripe.paymentIntents.confirm(created.id, { return_url: 'https://shop.example/return' });
    expect(confirmed).toMatchObject({ status: 'requires_capture', amount_capturable: 1500 });
  });

  it('with automatic capture charges at once', async () => {
    const intent = await env.stripe.paymentIntents.create({ amount: 900, currency: 'usd', confirm: true, payment_method: 'pm_card_visa', allowed_payment_method_types: ['card'] });
    expect(intent).toMatchObject({ status: 'succeeded', amount_received: 900, amount_capturable: 0 });
  });

  it('expands latest_charge on request', async () => {
    const intent = await env.stripe.paymentIntents.create({ amount: 900, currency: 'usd', capture_method: 'manual', confirm: true, payment_method: 'pm_card_visa', allowed_payment_method_types: ['card'], expand: ['latest_charge'] });
    expect(intent.latest_charge).toMatchObject({ object: 'charge', amount: 900, captured: false, paid: true, status: 'succeeded', payment_intent: intent.id });
  });
});

describe('declines', () => {
  it.each([
    ['tok_chargeDeclined', 'generic_decline', 'Your card was declined.'],
    ['tok_declined', 'generic_decline', 'Your card was declined.'],
    ['tok_insufficient_funds', 'insufficient_funds', 'Your card has insufficient funds.'],
    ['tok_chargeDeclinedInsufficientFunds', 'insufficient_funds', 'Your card has insufficient funds.'],
  ])('%s: 402 card_error card_declined (%s), the PaymentIntent kept with its last_payment_error', async (token, declineCode, message) => {
    const error = await stripeError(authorise(env.stripe, 2500, token, `order-${token}`));
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({ statusCode: 402, type: 'StripeCardError', code: 'card_declined', decline_code: declineCode, raw: { message } });
    const intent = error.payment_intent!;
    expect(intent).toMatchObject({ status: 'requires_payment_method', payment_method: null, metadata: { orderId: `order-${token}` } });
    expect(intent.last_payment_error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: declineCode });
    expect(await env.stripe.paymentIntents.retrieve(intent.id)).toMatchObject({ status: 'requires_payment_method', amount_capturable: 0 });
  });

  it('declines pm_card_chargeDeclined too, and the declined PaymentIntent cannot be captured', async () => {
    const error = await stripeError(env.stripe.paymentIntents.create({ amount: 700, currency: 'usd', capture_method: 'manual', confirm: true, payment_method: 'pm_card_chargeDeclined', allowed_payment_method_types: ['card'] }));
    expect(error).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'generic_decline' });
    const capture = await stripeError(env.stripe.paymentIntents.capture(error.payment_intent!.id));
    expect(capture).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
  });
});

describe('capture', () => {
  it('captures the whole amount', async () => {
    const intent = await authorise(env.stripe, 5000, 'tok_visa', 'order-capture');
    const captured = await env.stripe.paymentIntents.capture(intent.id);
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 5000, amount_capturable: 0 });
  });

  it('captures part and releases the rest: amount_received is what was captured, nothing stays capturable', async () => {
    const intent = await authorise(env.stripe, 5000, 'tok_visa', 'order-partial');
    const captured = await env.stripe.paymentIntents.capture(intent.id, { amount_to_capture: 3200, expand: ['latest_charge'] });
    expect(captured).toMatchObject({ status: 'succeeded', amount: 5000, amount_received: 3200, amount_capturable: 0 });
    expect(captured.latest_charge).toMatchObject({ captured: true, amount_captured: 3200 });
    const again = await stripeError(env.stripe.paymentIntents.capture(intent.id, { amount_to_capture: 1800 }));
    expect(again).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', code: 'payment_intent_unexpected_state' });
    expect(again.message).toMatch(/status of succeeded/);
  });

  it('refuses to capture more than amount_capturable, and changes nothing', async () => {
    const intent = await authorise(env.stripe, 5000, 'tok_visa', 'order-over');
    const error = await stripeError(env.stripe.paymentIntents.capture(intent.id, { amount_to_capture: 5001 }));
    expect(error).toMatchObject({ statusCode: 400, param: 'amount_to_capture', code: 'amount_too_large' });
    expect(await env.stripe.paymentIntents.retrieve(intent.id)).toMatchObject({ status: 'requires_capture', amount_capturable: 5000 });
  });
});

describe('cancel', () => {
  it('cancels an authorisation: status canceled, nothing capturable, the reason kept', async () => {
    const intent = await authorise(env.stripe, 3000, 'tok_visa', 'order-void');
    const canceled = await env.stripe.paymentIntents.cancel(intent.id, { cancellation_reason: 'abandoned' });
    expect(canceled).toMatchObject({ status: 'canceled', amount_capturable: 0, cancellation_reason: 'abandoned' });
    expect(canceled.canceled_at).toEqual(expect.any(Number));
    expect(await stripeError(env.stripe.paymentIntents.capture(intent.id))).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
  });

  it('refuses to cancel a succeeded PaymentIntent or one already canceled', async () => {
    const intent = await authorise(env.stripe, 3000, 'tok_visa', 'order-captured');
    await env.stripe.paymentIntents.capture(intent.id);
    const error = await stripeError(env.stripe.paymentIntents.cancel(intent.id));
    expect(error).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
    expect(error.message).toMatch(/status of succeeded\. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture/);
    const voided = await authorise(env.stripe, 3000, 'tok_visa', 'order-twice');
    await env.stripe.paymentIntents.cancel(voided.id);
    expect(await stripeError(env.stripe.paymentIntents.cancel(voided.id))).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
  });
});

describe('bad requests', () => {
  it('names a missing PaymentIntent: 404 resource_missing', async () => {
    const error = await stripeError(env.stripe.paymentIntents.retrieve('pi_nothere'));
    expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'id', raw: { message: "No such payment_intent: 'pi_nothere'" } });
  });

  it('refuses a missing amount, an unknown parameter, an amount below the minimum, an unknown token', async () => {
    expect(await stripeError(env.stripe.paymentIntents.create({ currency: 'usd' } as Stripe.PaymentIntentCreateParams)))
      .toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'amount' });
    expect(await stripeError(env.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', colour: 'red' } as Stripe.PaymentIntentCreateParams)))
      .toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'colour' });
    expect(await stripeError(env.stripe.paymentIntents.create({ amount: 49, currency: 'usd' })))
      .toMatchObject({ statusCode: 400, code: 'amount_too_small', param: 'amount' });
    for (const token of ['tok_nonsense', 'tok_constructor', 'tok_toString']) {
      expect(await stripeError(authorise(env.stripe, 1000, token, 'order-x')))
        .toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'payment_method_data[card][token]' });
    }
    expect(await stripeError(env.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', confirm: true, payment_method: 'pm_card_hasOwnProperty', allowed_payment_method_types: ['card'] })))
      .toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'payment_method' });
  });
});
