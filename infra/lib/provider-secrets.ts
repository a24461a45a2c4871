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

/** The registry action a task declares to read its provider's secret. */
export const READ_SECRET = 'secretsmanager:GetSecretValue';

export class ProviderSecretError extends Error {
  override readonly name = 'ProviderSecretError';
}

/**
 * The secrets a function may read: its service's provider secret, for each task that declares
 * READ_SECRET (the registry's actions, checked against its code by test/infra/production.test.ts).
 * A task that declares it with no provider secret for its service stops the synth.
 */
export function secretsFor(tasks: readonly { readonly name: string; readonly service: Service; readonly actions?: readonly string[] }[]): ProviderSecret[] {
  const found = new Set<ProviderSecret>();
  for (const task of tasks.filter((t) => (t.actions ?? []).includes(READ_SECRET))) {
    const secrets = providerSecrets.filter((s) => s.services.includes(task.service));
    if (secrets.length === 0) throw new ProviderSecretError(`task ${task.name} reads a secret, but its service ${task.service} has none in infra/lib/provider-secrets.ts`);
    secrets.forEach((s) => found.add(s));
  }
  return [...found];
}
