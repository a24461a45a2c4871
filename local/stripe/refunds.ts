// The Refunds endpoints (https://docs.stripe.com/api/refunds): create against a PaymentIntent or a
// Charge, for all that remains or part of it (https://docs.stripe.com/refunds: several partial
// refunds may be made until the charge is fully refunded; never more than what remains), retrieve,
// and list (filtered by `payment_intent` or `charge`, https://docs.stripe.com/api/refunds/list).
import { invalidRequest, missingParam, resourceMissing } from './errors.ts';
import { createdFilter, listParams, paginate } from './list.ts';
import { newRefund } from './objects.ts';
import { applyMetadata } from './params.ts';
import { findIntent } from './payment-intents.ts';
import type { Handler } from './routes.ts';

const dollars = (amount: number) => `$${(amount / 100).toFixed(2)}`;

export const createRefund: Handler = (ctx) => {
  const params = ctx.params.allowOnly(['payment_intent', 'charge', 'amount', 'metadata', 'reason', 'expand']);
  const intentId = params.string('payment_intent');
  const chargeId = params.string('charge');
  if (!intentId && !chargeId) throw missingParam('payment_intent');
  if (intentId && chargeId) throw invalidRequest('You can only pass one of payment_intent or charge.', { param: 'charge' });
  const intent = intentId ? findIntent(ctx.store, intentId, 'payment_intent') : undefined;
  const charge = ctx.store.charge(chargeId ?? intent?.latest_charge ?? '');
  if (chargeId && !charge) throw invalidRequest(`No such charge: '${chargeId}'`, { param: 'charge', code: 'resource_missing' });
  if (!charge || !charge.captured || charge.status !== 'succeeded') {
    throw invalidRequest(intent
      ? `This PaymentIntent (${intent.id}) does not have a successful charge to refund.`
      : `Charge ${chargeId} has not been captured; cancel its PaymentIntent to release it instead.`, { param: intent ? 'payment_intent' : 'charge', code: 'charge_not_refundable' });
  }
  const remaining = charge.amount_captured - charge.amount_refunded;
  const amount = params.integer('amount') ?? remaining;
  const reason = params.oneOf('reason', ['duplicate', 'fraudulent', 'requested_by_customer'] as const) ?? null;
  const metadata = applyMetadata({}, params.raw.metadata);
  if (params.has('amount') && amount < 1) throw invalidRequest('Invalid positive integer', { param: 'amount' });
  if (remaining === 0) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
  if (amount > remaining) {
    throw invalidRequest(`Refund amount (${dollars(amount)}) is greater than unrefunded amount on charge (${dollars(remaining)})`, { param: 'amount' });
  }
  const paymentMethod = ctx.store.paymentMethods.get(charge.payment_method);
  if (paymentMethod?.outcome.kind === 'flaky') ctx.flaky(`refund:${charge.id}:${ctx.operationKey}`);
  const refund = newRefund({ amount, charge: charge.id, currency: charge.currency, metadata, payment_intent: charge.payment_intent, reason });
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount_captured;
  return { status: 200, body: refund, change: { refunds: [refund], charges: [charge] } };
};

export const retrieveRefund: Handler = (ctx) => {
  ctx.params.allowOnly(['expand']);
  const refund = ctx.store.refunds.get(ctx.pathId);
  if (!refund) throw resourceMissing('refund', ctx.pathId);
  return { status: 200, body: refund };
};

export const listRefunds: Handler = (ctx) => {
  const params = ctx.params.allowOnly([...listParams, 'payment_intent', 'charge']);
  const created = createdFilter(params);
  const intent = params.string('payment_intent');
  const charge = params.string('charge');
  const newestFirst = [...ctx.store.refunds.values()].reverse();
  const page = paginate(newestFirst, (refund) => created(refund.created)
    && (!intent || refund.payment_intent === intent) && (!charge || refund.charge === charge), params, '/v1/refunds', 'refund');
  return { status: 200, body: page };
};
