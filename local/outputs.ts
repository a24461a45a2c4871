// `.local/outputs.json`: the local twin of the CDK stack outputs (API.md §6), rewritten at every start.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface DemoUser { readonly username: string; readonly password: string }

export interface Outputs {
  readonly region: string;
  readonly graphqlUrl?: string;
  readonly realtimeUrl?: string;
  readonly apiKey?: string;
  readonly webUrl?: string;
  readonly dynamodbEndpoint: string;
  readonly stepFunctionsEndpoint?: string;
  readonly cognitoEndpoint?: string;
  readonly eventsEndpoint?: string;
  /** The local Secrets Manager (the payment provider's and the carrier's keys). */
  readonly secretsEndpoint?: string;
  /** The Stripe-compatible payment provider (API.md §7): the local Stripe, or a shared one. */
  readonly stripeEndpoint?: string;
  /** The local Stripe's test-mode secret key (sk_test_local), for auditors and `npm run reconcile`. */
  readonly stripeSecretKey?: string;
  readonly userPoolId?: string;
  readonly userPoolClientId?: string;
  readonly stateMachines?: Readonly<Record<string, string>>;
  /** State machines an operator starts (the Evacuation runbook), apart from the order workflows. */
  readonly runbooks?: Readonly<Record<string, string>>;
  readonly demoUsers?: Readonly<Record<string, DemoUser>>;
  /** With several local regions (API.md §6, §8): every region's endpoints; the keys above are the primary's. */
  readonly regions?: Readonly<Record<string, RegionOutputs>>;
  /** The front door's GraphQL URL (the router to the nearest healthy region). */
  readonly frontDoorUrl?: string;
}

/** One region's endpoints in `regions`. */
export interface RegionOutputs {
  readonly graphqlUrl: string;
  readonly realtimeUrl: string;
  readonly apiKey?: string;
  readonly dynamodbEndpoint: string;
  readonly stepFunctionsEndpoint: string;
  readonly cognitoEndpoint: string;
  readonly eventsEndpoint: string;
  readonly webUrl?: string;
  readonly userPoolId?: string;
  readonly userPoolClientId?: string;
  readonly stateMachines?: Readonly<Record<string, string>>;
  readonly runbooks?: Readonly<Record<string, string>>;
}

export function outputsPath(dataDir: string): string {
  return path.join(dataDir, 'outputs.json');
}

export function writeOutputs(dataDir: string, outputs: Outputs): void {
  mkdirSync(dataDir, { recursive: true });
  const file = outputsPath(dataDir);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(outputs, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}
