// The PaymentIntents endpoints (https://docs.stripe.com/api/payment_intents): create (optionally
// confirming at once), retrieve, confirm, capture (https://docs.stripe.com/api/payment_intents/capture:
// `amount_to_capture` up to `amount_capturable`, the rest released), cancel
// (https://docs.stripe.com/api/payment_intents/cancel), list and search. Card outcomes follow the test
// cards of https://docs.stripe.com/testing; a declined confirmation answers 402 with the
// PaymentIntent, whose `last_payment_error` says why (https://docs.stripe.com/declines).
import { testPaymentMethod, testToken } from './cards.ts';
import { cardDeclined, invalidRequest, missingParam, resourceMissing, unexpectedState } from './errors.ts';
import { createdFilter, listParams, paginate } from './list.ts';
import { newCharge, newPaymentIntent, newPaymentMethod, nowSeconds, type Charge, type PaymentIntent, type StoredPaymentMethod } from './objects.ts';
import { applyMetadata, type Params } from './params.ts';
import type { Handler, Outcome, RequestContext } from './routes.ts';
import { compileSearch, paymentIntentSearchFields } from './search.ts';
import type { Change, StripeStore } from './store.ts';

/** Minimum charge amounts by currency (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts). */
const minimumAmounts: Readonly<Record<string, number>> = {
  usd: 50, eur: 50, gbp: 30, aud: 50, cad: 50, chf: 50, dkk: 250, jpy: 50, nok: 300, nzd: 50, sek: 300, sgd: 50,
};
const maximumAmount = 99_999_999;

function formatMinimum(amount: number, currency: string): string {
  return `${(amount / 100).toFixed(2)} ${currency}`;
}

export function findIntent(store: StripeStore, id: string, param = 'id'): PaymentIntent {
  const intent = store.intent(id);
  if (!intent) throw resourceMissing('payment_intent', id, param);
  return intent;
}

/** `expand[]=latest_charge` (https://docs.stripe.com/expand) shows the Charge object in place of its id. */
export function showIntent(store: StripeStore, intent: PaymentIntent, expand: readonly string[], prefix = '', changed: readonly Charge[] = []): unknown {
  const id = intent.latest_charge;
  if (!expand.includes(`${prefix}latest_charge`) || !id) return intent;
  return { ...intent, latest_charge: changed.find((charge) => charge.id === id) ?? store.charges.get(id) ?? id };
}

/** The PaymentMethod a request names: `payment_method` (an id or a test `pm_card_*`), or `payment_method_data` with a test token. */
function resolvePaymentMethod(store: StripeStore, params: Params): StoredPaymentMethod | undefined {
  const id = params.string('payment_method');
  const data = params.hash('payment_method_data');
  if (id !== undefined && data) throw invalidRequest('You cannot provide both payment_method and payment_method_data.', { param: 'payment_method_data' });
  if (id !== undefined) {
    const stored = store.paymentMethods.get(id);
    if (stored) return stored;
    const card = testPaymentMethod(id);
    if (!card) throw invalidRequest(`No such PaymentMethod: '${id}'`, { param: 'payment_method', code: 'resource_missing' });
    return newPaymentMethod(card);
  }
  if (!data) return undefined;
  data.allowOnly(['type', 'card', 'billing_details', 'metadata']);
  if (data.string('type') !== 'card') throw invalidRequest('Only payment_method_data[type]=card is supported by the local Stripe.', { param: 'payment_method_data[type]' });
  const card = data.hash('card');
  const token = card?.string('token');
  if (!card || token === undefined) throw missingParam('payment_method_data[card][token]');
  card.allowOnly(['token']);
  const tested = testToken(token);
  if (!tested) throw invalidRequest(`No such token: '${token}'`, { param: 'payment_method_data[card][token]', code: 'resource_missing' });
  return newPaymentMethod(tested);
}

/**
 * Automatic payment methods may include redirect-based ones, so confirming needs a `return_url`
 * unless redirects are off (`automatic_payment_methods[allow_redirects]=never`) or the
 * PaymentIntent names the payment method types it allows
 * (https://docs.stripe.com/api/payment_intents/create#create_payment_intent-automatic_payment_methods-allow_redirects).
 */
function requireReturnUrl(intent: PaymentIntent, params: Params): void {
  const automatic = intent.automatic_payment_methods;
  if (!automatic?.enabled || automatic.allow_redirects === 'never' || params.string('return_url')) return;
  throw invalidRequest("A `return_url` must be specified because this Payment Intent is configured to automatically accept the payment methods enabled in the Dashboard, some of which may require a full page redirect to succeed. If you do not want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and `automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents.", { param: 'return_url' });
}

/** Confirms with a card: authorises it (manual capture) or charges it (automatic), or records the decline. */
function confirm(ctx: RequestContext, intent: PaymentIntent, paymentMethod: StoredPaymentMethod, flakyOperation: string): Outcome {
  requireReturnUrl(intent, ctx.params);
  if (paymentMethod.outcome.kind === 'flaky') ctx.flaky(flakyOperation);
  const charge: Charge = newCharge(intent, paymentMethod.object.id, paymentMethod.outcome);
  intent.latest_charge = charge.id;
  const change = (extra: Partial<Change> = {}): Change => ({ intents: [intent], charges: [charge], paymentMethods: [paymentMethod], ...extra });
  if (paymentMethod.outcome.kind === 'decline') {
    const { declineCode, message } = paymentMethod.outcome;
    intent.status = 'requires_payment_method';
    intent.payment_method = null;
    intent.last_payment_error = {
      type: 'card_error', code: 'card_declined', decline_code: declineCode, message,
      doc_url: 'https://docs.stripe.com/error-codes/card-declined', charge: charge.id, payment_method: paymentMethod.object,
    };
    const error = cardDeclined({ message, declineCode, charge: charge.id, intent, paymentMethod: paymentMethod.object });
    return { status: error.status, body: { error: error.body }, change: change() };
  }
  intent.payment_method = paymentMethod.object.id;
  intent.last_payment_error = null;
  if (intent.capture_method === 'manual') {
    intent.status = 'requires_capture';
    intent.amount_capturable = intent.amount;
  } else {
    intent.status = 'succeeded';
    intent.amount_received = intent.amount;
    charge.captured = true;
    charge.amount_captured = intent.amount;
  }
  return { status: 200, body: showIntent(ctx.store, intent, ctx.params.expand(), '', [charge]), change: change() };
}

/** `automatic_payment_methods[enabled]` and `[allow_redirects]` (https://docs.stripe.com/api/payment_intents/create#create_payment_intent-automatic_payment_methods). */
function automaticPaymentMethods(params: Params | undefined): PaymentIntent['automatic_payment_methods'] {
  params?.allowOnly(['enabled', 'allow_redirects']);
  const allowRedirects = params?.oneOf('allow_redirects', ['always', 'never'] as const);
  return { enabled: params?.boolean('enabled') ?? true, ...(allowRedirects && { allow_redirects: allowRedirects }) };
}

const createParams = [
  'amount', 'currency', 'capture_method', 'confirm', 'payment_method', 'payment_method_data', 'payment_method_types', 'allowed_payment_method_types', 'metadata',
  'description', 'customer', 'receipt_email', 'statement_descriptor', 'statement_descriptor_suffix', 'automatic_payment_methods',
  'expand', 'return_url', 'off_session', 'error_on_requires_action',
];

export const createPaymentIntent: Handler = (ctx) => {
  const params = ctx.params.allowOnly(createParams);
  const amount = params.requiredInteger('amount');
  const currency = params.requiredString('currency').toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) throw invalidRequest(`Invalid currency: ${currency}.`, { param: 'currency' });
  const minimum = minimumAmounts[currency] ?? 1;
  if (amount < minimum) {
    throw invalidRequest(`Amount must be at least ${formatMinimum(minimum, currency)}`, { param: 'amount', code: 'amount_too_small' });
  }
  if (amount > maximumAmount) throw invalidRequest(`Amount must be no more than ${formatMinimum(maximumAmount, currency)}`, { param: 'amount', code: 'amount_too_large' });
  const customer = params.string('customer');
  if (customer) throw invalidRequest(`No such customer: '${customer}'`, { param: 'customer', code: 'resource_missing' });
  // `allowed_payment_method_types` from API version 2026-11-18 (the SDK's), `payment_method_types` before.
  const typesParam = params.has('allowed_payment_method_types') ? 'allowed_payment_method_types' : 'payment_method_types';
  const types = params.raw[typesParam];
  const allowedTypes = types === undefined ? null : (Array.isArray(types) ? types : Object.values(types as object)).map(String);
  if (allowedTypes && (allowedTypes.length === 0 || !allowedTypes.every((type) => type === 'card'))) {
    throw invalidRequest('Only card payments are available on the local Stripe.', { param: typesParam });
  }
  const automatic = params.hash('automatic_payment_methods');
  const intent = newPaymentIntent({
    amount, currency,
    capture_method: params.oneOf('capture_method', ['automatic', 'automatic_async', 'manual'] as const) ?? 'automatic_async',
    metadata: applyMetadata({}, params.raw.metadata),
    description: params.string('description') ?? null,
    customer: null,
    receipt_email: params.string('receipt_email') ?? null,
    statement_descriptor: params.string('statement_descriptor') ?? null,
    statement_descriptor_suffix: params.string('statement_descriptor_suffix') ?? null,
    payment_method_types: ['card'],
    allowed_payment_method_types: typesParam === 'allowed_payment_method_types' ? allowedTypes : null,
    // Recent API versions enable automatic payment methods unless the request names the types.
    automatic_payment_methods: allowedTypes === null ? automaticPaymentMethods(automatic) : null,
  });
  const paymentMethod = resolvePaymentMethod(ctx.store, params);
  if (!params.boolean('confirm')) {
    if (paymentMethod) {
      intent.payment_method = paymentMethod.object.id;
      intent.status = 'requires_confirmation';
    }
    return { status: 200, body: showIntent(ctx.store, intent, params.expand()), change: { intents: [intent], paymentMethods: paymentMethod ? [paymentMethod] : [] } };
  }
  if (!paymentMethod) {
    throw invalidRequest("You cannot confirm this PaymentIntent because it's missing a payment method. Pass payment_method or payment_method_data.", { param: 'payment_method', code: 'payment_intent_unexpected_state' });
  }
  return confirm(ctx, intent, paymentMethod, `create:${ctx.operationKey}`);
};

export const retrievePaymentIntent: Handler = (ctx) => {
  ctx.params.allowOnly(['expand', 'client_secret']);
  return { status: 200, body: showIntent(ctx.store, findIntent(ctx.store, ctx.pathId), ctx.params.expand()) };
};

const confirmable = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

export const confirmPaymentIntent: Handler = (ctx) => {
  const params = ctx.params.allowOnly(['payment_method', 'payment_method_data', 'capture_method', 'expand', 'return_url', 'off_session', 'error_on_requires_action', 'receipt_email']);
  const intent = findIntent(ctx.store, ctx.pathId);
  if (!confirmable.includes(intent.status)) {
    throw unexpectedState(`You cannot confirm this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be confirmed: ${confirmable.join(', ')}.`, intent);
  }
  intent.capture_method = params.oneOf('capture_method', ['automatic', 'automatic_async', 'manual'] as const) ?? intent.capture_method;
  intent.receipt_email = params.string('receipt_email') ?? intent.receipt_email;
  const paymentMethod = resolvePaymentMethod(ctx.store, params) ?? (intent.payment_method ? ctx.store.paymentMethods.get(intent.payment_method) : undefined);
  if (!paymentMethod) {
    throw invalidRequest("You cannot confirm this PaymentIntent because it's missing a payment method. Pass payment_method or payment_method_data.", { param: 'payment_method', code: 'payment_intent_unexpected_state' });
  }
  return confirm(ctx, intent, paymentMethod, `confirm:${intent.id}`);
};

export const capturePaymentIntent: Handler = (ctx) => {
  const params = ctx.params.allowOnly(['amount_to_capture', 'metadata', 'expand', 'statement_descriptor', 'statement_descriptor_suffix']);
  const intent = findIntent(ctx.store, ctx.pathId);
  const amount = params.integer('amount_to_capture') ?? intent.amount_capturable;
  if (intent.status !== 'requires_capture') {
    throw unexpectedState(`This PaymentIntent could not be captured because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`, intent);
  }
  if (amount < 1) throw invalidRequest('Invalid positive integer', { param: 'amount_to_capture' });
  if (amount > intent.amount_capturable) {
    throw invalidRequest(`The amount_to_capture (${amount}) must be less than or equal to the PaymentIntent's amount_capturable (${intent.amount_capturable}).`, { param: 'amount_to_capture', code: 'amount_too_large' });
  }
  const paymentMethod = intent.payment_method ? ctx.store.paymentMethods.get(intent.payment_method) : undefined;
  if (paymentMethod?.outcome.kind === 'flaky') ctx.flaky(`capture:${intent.id}`);
  const charge = intent.latest_charge ? ctx.store.charge(intent.latest_charge) : undefined;
  if (!charge) throw new Error(`PaymentIntent ${intent.id} in requires_capture has no charge`);
  // A capture is final: the part not captured is released to the cardholder.
  intent.status = 'succeeded';
  intent.amount_received = amount;
  intent.amount_capturable = 0;
  intent.metadata = applyMetadata(intent.metadata, params.raw.metadata);
  charge.captured = true;
  charge.amount_captured = amount;
  return { status: 200, body: showIntent(ctx.store, intent, params.expand(), '', [charge]), change: { intents: [intent], charges: [charge] } };
};

const cancelable = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];

export const cancelPaymentIntent: Handler = (ctx) => {
  const params = ctx.params.allowOnly(['cancellation_reason', 'expand']);
  const intent = findIntent(ctx.store, ctx.pathId);
  const reason = params.oneOf('cancellation_reason', ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'] as const);
  if (!cancelable.includes(intent.status)) {
    throw unexpectedState(`You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${cancelable.join(', ')}.`, intent);
  }
  const paymentMethod = intent.payment_method ? ctx.store.paymentMethods.get(intent.payment_method) : undefined;
  if (paymentMethod?.outcome.kind === 'flaky') ctx.flaky(`cancel:${intent.id}`);
  intent.status = 'canceled';
  intent.canceled_at = nowSeconds();
  intent.cancellation_reason = reason ?? null;
  intent.amount_capturable = 0;
  return { status: 200, body: showIntent(ctx.store, intent, params.expand()), change: { intents: [intent] } };
};

const newestIntents = (store: StripeStore) => [...store.intents.values()].reverse();

export const listPaymentIntents: Handler = (ctx) => {
  const params = ctx.params.allowOnly([...listParams, 'customer']);
  const created = createdFilter(params);
  const customer = params.string('customer');
  const page = paginate(newestIntents(ctx.store), (intent) => created(intent.created) && (!customer || intent.customer === customer), params, '/v1/payment_intents', 'payment_intent');
  return { status: 200, body: { ...page, data: page.data.map((intent) => showIntent(ctx.store, intent, params.expand(), 'data.')) } };
};

/** Search results page by an opaque `next_page` cursor (https://docs.stripe.com/search#pagination). */
export const searchPaymentIntents: Handler = (ctx) => {
  const params = ctx.params.allowOnly(['query', 'limit', 'page', 'expand']);
  const match = compileSearch(params.requiredString('query'), paymentIntentSearchFields);
  const limit = params.integer('limit') ?? 10;
  if (limit < 1 || limit > 100) throw invalidRequest('This value must be greater than or equal to 1 and less than or equal to 100.', { param: 'limit' });
  const page = params.string('page');
  const offset = page === undefined ? 0 : Number(Buffer.from(page, 'base64url').toString('utf8').replace(/^offset:/, ''));
  if (!Number.isSafeInteger(offset) || offset < 0) throw invalidRequest(`Invalid page: ${page}`, { param: 'page' });
  const found = newestIntents(ctx.store).filter((intent) => match(intent as unknown as Record<string, unknown>));
  const data = found.slice(offset, offset + limit).map((intent) => showIntent(ctx.store, intent, params.expand(), 'data.'));
  const hasMore = offset + limit < found.length;
  return {
    status: 200,
    body: {
      object: 'search_result', url: '/v1/payment_intents/search', has_more: hasMore, data,
      next_page: hasMore ? Buffer.from(`offset:${offset + limit}`).toString('base64url') : null,
    },
  };
};
