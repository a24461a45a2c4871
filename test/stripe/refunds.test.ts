// The local Stripe's refunds through the official SDK. Behaviour follows:
// - https://docs.stripe.com/api/refunds/create (payment_intent or charge; amount defaults to what
//   remains; metadata; reason)
// - https://docs.stripe.com/refunds#issuing (partial refunds, several, until the charge is fully
//   refunded; never more than what remains)
// - https://docs.stripe.com/error-codes#charge-already-refunded (charge_already_refunded)
// - https://docs.stripe.com/api/refunds/list (filter by payment_intent)
// - https://docs.stripe.com/api/charges/list and /retrieve (the charge's amount_captured, amount_refunded)
import { authorise, sentMessage, startTestStripe, stripeError, type TestStripe } from './support.ts';

let env: TestStripe;
beforeAll(async () => { env = await startTestStripe(); });
afterAll(async () => { await env.close(); });

async function captured(amount: number, orderId: string, capture = amount) {
  const intent = await authorise(env.stripe, amount, 'tok_visa', orderId);
  return env.stripe.paymentIntents.capture(intent.id, { amount_to_capture: capture });
}

it('refunds in parts up to what was captured, then refuses: more than remains, and anything once fully refunded', async () => {
  const intent = await captured(5000, 'order-refunds', 4000);
  const first = await env.stripe.refunds.create({ payment_intent: intent.id, amount: 1500, metadata: { orderId: 'order-refunds', reason: 'damaged' } });
  expect(first).toMatchObject({
    object: 'refund', amount: 1500, currency: 'usd', status: 'succeeded', payment_intent: intent.id, charge: intent.latest_charge,
    metadata: { orderId: 'order-refunds', reason: 'damaged' },
  });
  expect(first.id).toMatch(/^re_/);

  // Capped at what remains of the 4000 captured (not the 5000 authorised).
  const over = await stripeError(env.stripe.refunds.create({ payment_intent: intent.id, amount: 2501 }));
  expect(over).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', param: 'amount' });
  expect(sentMessage(over)).toBe('Refund amount ($25.01) is greater than unrefunded amount on charge ($25.00)');

  const rest = await env.stripe.refunds.create({ payment_intent: intent.id });
  expect(rest.amount).toBe(2500);
  const charge = await env.stripe.paymentIntents.retrieve(intent.id, { expand: ['latest_charge'] });
  expect(charge.latest_charge).toMatchObject({ amount_captured: 4000, amount_refunded: 4000, refunded: true });
  expect(await env.stripe.charges.retrieve(intent.latest_charge as string)).toEqual(charge.latest_charge);
  const charges = await env.stripe.charges.list({ payment_intent: intent.id });
  expect(charges.data.map((listed) => listed.id)).toEqual([intent.latest_charge]);

  const after = await stripeError(env.stripe.refunds.create({ payment_intent: intent.id, amount: 1 }));
  expect(after).toMatchObject({ statusCode: 400, code: 'charge_already_refunded' });
  expect(await env.stripe.refunds.retrieve(first.id)).toEqual(first);
});

it('refunds by charge id too', async () => {
  const intent = await captured(2000, 'order-by-charge');
  const refund = await env.stripe.refunds.create({ charge: intent.latest_charge as string, amount: 500 });
  expect(refund).toMatchObject({ amount: 500, payment_intent: intent.id });
});

it('refuses to refund an authorisation that was never captured, and one that does not exist', async () => {
  const held = await authorise(env.stripe, 2000, 'tok_visa', 'order-held');
  expect(await stripeError(env.stripe.refunds.create({ payment_intent: held.id }))).toMatchObject({ statusCode: 400, code: 'charge_not_refundable' });
  expect(await stripeError(env.stripe.refunds.create({ payment_intent: 'pi_missing' }))).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'payment_intent' });
  expect(await stripeError(env.stripe.refunds.create({ payment_intent: held.id, amount: 0 }))).toMatchObject({ statusCode: 400 });
});

it('lists the refunds of one PaymentIntent, newest first', async () => {
  const intent = await captured(3000, 'order-list');
  const other = await captured(3000, 'order-other');
  const refunds = [];
  for (const amount of [100, 200, 300]) refunds.push(await env.stripe.refunds.create({ payment_intent: intent.id, amount }));
  await env.stripe.refunds.create({ payment_intent: other.id, amount: 50 });
  const listed = await env.stripe.refunds.list({ payment_intent: intent.id });
  expect(listed).toMatchObject({ object: 'list', url: '/v1/refunds', has_more: false });
  expect(listed.data.map((refund) => refund.amount)).toEqual([300, 200, 100]);
  const page = await env.stripe.refunds.list({ payment_intent: intent.id, limit: 2 });
  expect(page.has_more).toBe(true);
  const next = await env.stripe.refunds.list({ payment_intent: intent.id, limit: 2, starting_after: page.data[1].id });
  expect(next.data.map((refund) => refund.id)).toEqual([refunds[0].id]);
});
