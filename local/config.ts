// Ports, region and paths of the local runtime, from the environment (API.md §6).
import path from 'node:path';

export interface LocalConfig {
  readonly region: string;
  readonly accountId: string;
  readonly host: string;
  readonly graphqlPort: number;
  readonly dynamodbPort: number;
  readonly stepFunctionsPort: number;
  readonly cognitoPort: number;
  readonly eventsPort: number;
  /** The local Stripe (API.md §7); shared by every local region. */
  readonly stripePort: number;
  /**
   * An outside Stripe-compatible endpoint (`PAYMENT_ENDPOINT`, e.g. one local Stripe shared by several
   * local regions): when set, the platform uses it and starts none of its own.
   */
  readonly paymentEndpoint?: string;
  /** Secrets Manager: only the tasks use it (outputs.json names it), so any free port unless SECRETS_PORT says. */
  readonly secretsPort: number;
  /** Where the runtime keeps its data (DynamoDB store, keys) and writes outputs.json. */
  readonly dataDir: string;
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new Error(`${name} must be a port number (0-65535), got "${raw}"`);
  }
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  return {
    region: env.AWS_REGION ?? 'us-east-1',
    accountId: env.LOCAL_ACCOUNT_ID ?? '000000000000',
    host: '127.0.0.1',
    graphqlPort: port(env, 'PORT', 4000),
    dynamodbPort: port(env, 'DDB_PORT', 8000),
    stepFunctionsPort: port(env, 'SFN_PORT', 8083),
    cognitoPort: port(env, 'COGNITO_PORT', 9229),
    eventsPort: port(env, 'EVENTS_PORT', 8084),
    stripePort: port(env, 'STRIPE_PORT', 12111),
    ...(env.PAYMENT_ENDPOINT ? { paymentEndpoint: env.PAYMENT_ENDPOINT } : {}),
    secretsPort: port(env, 'SECRETS_PORT', 0),
    dataDir: path.resolve(env.LOCAL_DATA_DIR ?? '.local'),
  };
}
