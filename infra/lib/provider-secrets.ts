// The secrets of the outside providers: which tasks may read each one, and the environment
// variable that gives those tasks its NAME (never its value). Tasks read it with Powertools
// Parameters `getSecret` (cached, transform json).
import type { Service } from '../../tasks/registry.ts';

export interface ProviderSecret {
  readonly id: string;
  readonly name: string;
  readonly env: string;
  /** Services whose tasks call the provider: they alone may read the secret. */
  readonly services: readonly Service[];
  readonly description: string;
}

export const providerSecrets: readonly ProviderSecret[] = [
  { id: 'PaymentProvider', name: 'bigsmokes/payment-provider', env: 'PAYMENT_SECRET_ID', services: ['payment'], description: 'Payment provider (Stripe) secret key, JSON {"apiKey":"sk_..."}.' },
  { id: 'Carrier', name: 'bigsmokes/carrier', env: 'CARRIER_SECRET_ID', services: ['delivery'], description: 'Carrier API key, JSON {"apiKey":"..."}.' },
];

/**
 * The secret's ARN in a region: Secrets Manager appends a hyphen and six random characters to the
 * name, which `-??????` matches exactly (Secrets Manager user guide, "ARN of a secret" in IAM policies).
 */
export const secretArn = (secret: ProviderSecret, region: string, account: string): string =>
  `arn:aws:secretsmanager:${region}:${account}:secret:${secret.name}-??????`;

/** The secrets a function hosting tasks of these services may read. */
export const secretsFor = (services: readonly Service[]): ProviderSecret[] =>
  providerSecrets.filter((s) => s.services.some((service) => services.includes(service)));
