// The payment provider for tests that run the real payment tasks outside a platform: a local Stripe
// (local/stripe) and a local Secrets Manager holding its key, both on ephemeral ports with their
// own data folders, and the tasks' environment pointing at them (PAYMENT_API_URL,
// PAYMENT_SECRET_ID, AWS_ENDPOINT_URL_SECRETS_MANAGER), as the platform gives it. `stripe` is an
// auditor's SDK client for checking the provider's side. Registers its own beforeAll/afterAll.
import Stripe from 'stripe';
import { localSecrets, secretNames, startSecretsManager, type LocalSecretsManager } from '../../local/secrets/index.ts';
import { startStripe, type StripeServer } from '../../local/stripe/server.ts';
import { readProvider } from './invariants.ts';
import { tempDirs } from './temp-dirs.ts';

export interface TestPaymentProvider {
  readonly server: StripeServer;
  /** The SDK with the account's key, pointed at the local Stripe. */
  readonly stripe: Stripe;
  /** Every PaymentIntent and Refund the provider holds for an order (metadata orderId). */
  atProvider(orderId: string): Promise<{ intents: Stripe.PaymentIntent[]; refunds: Stripe.Refund[] }>;
}

export function auditor(endpoint: string, secretKey: string): Stripe {
  const url = new URL(endpoint);
  return new Stripe(secretKey, { protocol: url.protocol === 'https:' ? 'https' : 'http', host: url.hostname, port: url.port, maxNetworkRetries: 0, telemetry: false });
}

export async function providerRecords(stripe: Stripe, orderId: string) {
  const { intents, refunds } = await readProvider(stripe);
  const mine = intents.filter((pi) => pi.metadata?.orderId === orderId);
  const ids = new Set(mine.map((pi) => pi.id));
  return { intents: mine, refunds: refunds.filter((r) => ids.has(typeof r.payment_intent === 'string' ? r.payment_intent : r.payment_intent?.id ?? '')) };
}

export function usePaymentProvider(): TestPaymentProvider {
  const newDir = tempDirs('payments-');
  let server: StripeServer | undefined;
  let secrets: LocalSecretsManager | undefined;
  let stripe: Stripe | undefined;
  beforeAll(async () => {
    server = await startStripe({ port: 0, dataDir: newDir() });
    secrets = await startSecretsManager({ port: 0, dataDir: newDir(), seed: localSecrets(server.secretKey) });
    Object.assign(process.env, {
      PAYMENT_API_URL: server.endpoint, PAYMENT_SECRET_ID: secretNames.paymentProvider, AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    });
    stripe = auditor(server.endpoint, server.secretKey);
  });
  afterAll(async () => {
    for (const name of ['PAYMENT_API_URL', 'PAYMENT_SECRET_ID', 'AWS_ENDPOINT_URL_SECRETS_MANAGER']) delete process.env[name];
    await secrets?.close();
    await server?.close();
  });
  return {
    get server() { return server!; },
    get stripe() { return stripe!; },
    atProvider: (orderId) => providerRecords(stripe!, orderId),
  };
}
