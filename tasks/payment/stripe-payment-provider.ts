// The PaymentProvider over Stripe's PaymentIntents, through the official SDK: authorise = a
// PaymentIntent confirmed with capture_method manual (a hold), capture = capture with
// amount_to_capture (less than held releases the rest), void = cancel, refund = a Refund of the
// PaymentIntent (partial; Stripe refuses more than is left). Every call sends the operation's
// reference as its Idempotency-Key and the order id in metadata.
// The secret key is read from Secrets Manager (PAYMENT_SECRET_ID, JSON {"apiKey"}) through
// Powertools Parameters, cached for `secretMaxAgeSeconds`, and never logged; PAYMENT_API_URL points
// the SDK elsewhere than api.stripe.com (the local Stripe-compatible server).
// https://docs.stripe.com/payments/place-a-hold-on-a-payment-method, https://docs.stripe.com/api/idempotent_requests
import Stripe from 'stripe';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { clientGeneration, secretsManagerClient } from '../lib/clients.ts';
import { PaymentDeclined, PaymentProviderUnavailable } from '../lib/errors.ts';
import type { Money } from '../lib/types.ts';
import type { PaymentProvider } from './payment-provider.ts';

/** How long a read key is kept before Secrets Manager is asked again (a rotated key is picked up). */
export const secretMaxAgeSeconds = 300;

interface ProviderSecret { readonly apiKey?: unknown }

let secrets: { generation: number; provider: SecretsProvider } | undefined;
let client: { key: string; baseUrl: string | undefined; stripe: Stripe } | undefined;

async function apiKey(env: NodeJS.ProcessEnv): Promise<string> {
  const secretId = env.PAYMENT_SECRET_ID;
  if (secretId === undefined || secretId === '') throw new Error('PAYMENT_SECRET_ID is not set: the payment provider key cannot be read');
  if (secrets?.generation !== clientGeneration()) secrets = { generation: clientGeneration(), provider: new SecretsProvider({ awsSdkV3Client: secretsManagerClient() }) };
  let secret: ProviderSecret | undefined;
  try {
    secret = await secrets.provider.get<ProviderSecret>(secretId, { transform: 'json', maxAge: secretMaxAgeSeconds });
  } catch (error) {
    throw new PaymentProviderUnavailable(`the payment provider key (${secretId}) could not be read`, { cause: error });
  }
  if (typeof secret?.apiKey !== 'string' || secret.apiKey === '') throw new Error(`secret ${secretId} has no string apiKey`);
  return secret.apiKey;
}

/** One SDK client per key and base URL (a rotated key makes a new one). */
export async function stripeClient(env: NodeJS.ProcessEnv = process.env): Promise<Stripe> {
  const key = await apiKey(env);
  const baseUrl = env.PAYMENT_API_URL || undefined;
  if (client?.key === key && client.baseUrl === baseUrl) return client.stripe;
  const url = baseUrl === undefined ? undefined : new URL(baseUrl);
  const stripe = new Stripe(key, {
    // The workflows retry transient errors with backoff (and redrive past them); the SDK's own
    // retry would hide them from that count.
    maxNetworkRetries: 0,
    timeout: 10_000,
    telemetry: false,
    ...(url !== undefined && { protocol: url.protocol.replace(':', '') as 'http' | 'https', host: url.hostname, port: url.port || (url.protocol === 'http:' ? 80 : 443) }),
  });
  client = { key, baseUrl, stripe };
  return stripe;
}

/**
 * Stripe's errors as ours (https://docs.stripe.com/error-handling): a card error is a decline; a
 * rate limit, a 409 (idempotency_key_in_use: the same operation is running elsewhere), a 5xx and
 * a connection error are transient. Anything else (an invalid request) is a bug or a state we do
 * not expect, thrown with its cause.
 */
export function mapStripeError(error: unknown, what: string): Error {
  if (!(error instanceof Stripe.errors.StripeError)) return error instanceof Error ? error : new Error(String(error));
  const status = error.statusCode ?? 0;
  if (error instanceof Stripe.errors.StripeCardError) {
    return new PaymentDeclined(`${what} declined: ${error.decline_code ?? error.code ?? 'card_declined'}`, { cause: error });
  }
  if (error instanceof Stripe.errors.StripeConnectionError || error instanceof Stripe.errors.StripeRateLimitError || status === 409 || status === 429 || status >= 500) {
    return new PaymentProviderUnavailable(`${what}: the payment provider is unavailable (${status || error.type})`, { cause: error });
  }
  return new Error(`${what} refused by the payment provider: ${error.code ?? error.type} ${error.message}`, { cause: error });
}

async function call<T>(what: string, run: (stripe: Stripe) => Promise<T>): Promise<T> {
  const stripe = await stripeClient();
  try {
    return await run(stripe);
  } catch (error) {
    throw mapStripeError(error, what);
  }
}

const currency = (money: Money) => money.currency.toLowerCase();

/**
 * What the shopper's payment token is to Stripe: a PaymentMethod (`pm_...`, what Stripe.js gives)
 * is confirmed as it is; a card Token (`tok_...`, the test tokens of API.md §7) becomes one through
 * payment_method_data[card][token], as Stripe converts legacy tokens (the SDK's types omit it).
 */
function paymentMethod(token: string): Pick<Stripe.PaymentIntentCreateParams, 'payment_method' | 'payment_method_data'> {
  if (token.startsWith('pm_')) return { payment_method: token };
  return { payment_method_data: { type: 'card', card: { token } } as unknown as Stripe.PaymentIntentCreateParams.PaymentMethodData };
}

export const stripePaymentProvider: PaymentProvider = {
  async authorise({ reference, orderId, token, amount }) {
    const intent = await call(`authorisation of order ${orderId}`, (stripe) => stripe.paymentIntents.create({
      amount: amount.amount,
      currency: currency(amount),
      capture_method: 'manual',
      confirm: true,
      // Cards only, confirmed server-side: no redirect-based method, so no return_url.
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      ...paymentMethod(token),
      metadata: { orderId },
    }, { idempotencyKey: reference }));
    if (intent.status !== 'requires_capture') {
      throw new PaymentDeclined(`authorisation of order ${orderId} was not approved (PaymentIntent ${intent.id} is ${intent.status})`);
    }
    return { authorisationId: intent.id };
  },

  async capture({ reference, orderId, authorisationId, amount }) {
    try {
      const intent = await call(`capture of order ${orderId}`, (stripe) => stripe.paymentIntents.capture(authorisationId, {
        amount_to_capture: amount.amount,
        metadata: { orderId },
      }, { idempotencyKey: reference }));
      return { captureId: intent.id };
    } catch (error) {
      // The hold is gone (cancelled, or lapsed after seven days): nothing can be captured, a decline
      // the saga compensates. Any other unexpected state is left to fail in place for support.
      const cause = (error as Error).cause;
      if (cause instanceof Stripe.errors.StripeInvalidRequestError && cause.code === 'payment_intent_unexpected_state') {
        const intent = await call(`capture of order ${orderId}`, (stripe) => stripe.paymentIntents.retrieve(authorisationId));
        if (intent.status === 'canceled') throw new PaymentDeclined(`capture of order ${orderId}: the hold ${intent.id} was released`, { cause });
      }
      throw error;
    }
  },

  async void({ reference, orderId, authorisationId }) {
    try {
      const intent = await call(`void of order ${orderId}`, (stripe) => stripe.paymentIntents.cancel(authorisationId, {
        cancellation_reason: 'abandoned',
      }, { idempotencyKey: reference }));
      return { voidId: intent.id };
    } catch (error) {
      // Cancelled already (by an earlier void under another key): nothing is held, which is the point.
      const cause = (error as Error).cause;
      if (cause instanceof Stripe.errors.StripeInvalidRequestError && cause.code === 'payment_intent_unexpected_state') {
        const intent = await call(`void of order ${orderId}`, (stripe) => stripe.paymentIntents.retrieve(authorisationId));
        if (intent.status === 'canceled') return { voidId: intent.id };
      }
      throw error;
    }
  },

  async refund({ reference, orderId, captureId, amount }) {
    const refund = await call(`refund of order ${orderId}`, (stripe) => stripe.refunds.create({
      payment_intent: captureId,
      amount: amount.amount,
      metadata: { orderId, reference },
    }, { idempotencyKey: reference })).catch((error: Error) => {
      // More than is left to refund ("Refund amount ... is greater than unrefunded amount", param
      // amount; or charge_already_refunded): the provider's cap refuses it, a declined refund.
      const cause = error.cause;
      if (cause instanceof Stripe.errors.StripeInvalidRequestError && (cause.code === 'charge_already_refunded' || cause.param === 'amount')) {
        throw new PaymentDeclined(`refund of order ${orderId} refused: ${cause.code ?? cause.message}`, { cause });
      }
      throw error;
    });
    if (refund.status === 'failed' || refund.status === 'canceled') {
      // Stripe answers some refunds asynchronously; failed or canceled means no money went back.
      throw new PaymentDeclined(`refund of order ${orderId} was ${refund.status} by the payment provider`);
    }
    return { refundId: refund.id };
  },
};
