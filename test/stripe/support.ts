// A local Stripe on an ephemeral loopback port with a temp data dir, and the official `stripe` SDK
// pointed at it with host/port/protocol, as the payment adapter points it (API.md §7).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Stripe from 'stripe';
import { startStripe, type StripeServer } from '../../local/stripe/server.ts';

export interface TestStripe {
  readonly server: StripeServer;
  readonly dataDir: string;
  /** The SDK without its own retries, so each call is one request. */
  readonly stripe: Stripe;
  client(options?: { apiKey?: string; maxNetworkRetries?: number }): Stripe;
  close(): Promise<void>;
}

export function sdkFor(endpoint: string, apiKey: string, maxNetworkRetries = 0): Stripe {
  const url = new URL(endpoint);
  return new Stripe(apiKey, { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries });
}

export async function startTestStripe(dataDir = mkdtempSync(path.join(tmpdir(), 'bigsmokes-stripe-'))): Promise<TestStripe> {
  const server = await startStripe({ port: 0, dataDir });
  const client = (options: { apiKey?: string; maxNetworkRetries?: number } = {}) =>
    sdkFor(server.endpoint, options.apiKey ?? server.secretKey, options.maxNetworkRetries ?? 0);
  return {
    server, dataDir, stripe: client(), client,
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A manual-capture PaymentIntent confirmed at once with a test token, as the payment adapter makes it (https://docs.stripe.com/payments/place-a-hold-on-a-payment-method). */
export function authorise(stripe: Stripe, amount: number, token: string, orderId: string, idempotencyKey?: string) {
  return stripe.paymentIntents.create({
    amount, currency: 'usd', capture_method: 'manual', confirm: true,
    // Cards confirmed server-side, as the adapter does: no redirect-based methods, so no return_url.
    automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    payment_method_data: { type: 'card', card: { token } } as Stripe.PaymentIntentCreateParams.PaymentMethodData,
    metadata: { orderId },
  }, idempotencyKey ? { idempotencyKey } : undefined);
}

/** The Stripe error a call fails with. */
export async function stripeError(call: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await call;
  } catch (err) {
    if (err instanceof Stripe.errors.StripeError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

/** The message as Stripe sent it (the SDK prefixes its own with the request id). */
export function sentMessage(error: Stripe.errors.StripeError): string {
  return (error.raw as { message?: string }).message ?? '';
}
