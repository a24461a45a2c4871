// The Charges a PaymentIntent made, for an auditor (https://docs.stripe.com/api/charges/retrieve,
// https://docs.stripe.com/api/charges/list filtered by `payment_intent`): what was authorised,
// captured and refunded at the card, charge by charge.
import { resourceMissing } from './errors.ts';
import { createdFilter, listParams, paginate } from './list.ts';
import type { Handler } from './routes.ts';

export const retrieveCharge: Handler = (ctx) => {
  ctx.params.allowOnly(['expand']);
  const charge = ctx.store.charges.get(ctx.pathId);
  if (!charge) throw resourceMissing('charge', ctx.pathId);
  return { status: 200, body: charge };
};

export const listCharges: Handler = (ctx) => {
  const params = ctx.params.allowOnly([...listParams, 'payment_intent', 'customer', 'transfer_group']);
  const created = createdFilter(params);
  const intent = params.string('payment_intent');
  const newestFirst = [...ctx.store.charges.values()].reverse();
  return { status: 200, body: paginate(newestFirst, (charge) => created(charge.created) && (!intent || charge.payment_intent === intent), params, '/v1/charges', 'charge') };
};
