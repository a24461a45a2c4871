// The whole local platform for API tests: started in-process on ephemeral loopback ports with a
// temp data dir, plus GraphQL clients signed in as the demo users (Cognito USER_PASSWORD_AUTH).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AdminConfirmSignUpCommand, CognitoIdentityProviderClient, InitiateAuthCommand, SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ClientError, GraphQLClient } from 'graphql-request';
import { localClientConfig } from '../../local/aws/client-config.ts';
import { loadConfig } from '../../local/config.ts';
import type { Outputs } from '../../local/outputs.ts';
import type { InvariantOptions } from './invariants.ts';
import { auditor } from './payment-provider.ts';
import { startPlatform, type Platform } from '../../local/platform.ts';

export type Role = 'shopper' | 'support' | 'finance' | 'warehouse' | 'delivery' | 'catalog';

export interface TestPlatform {
  readonly platform: Platform;
  readonly outputs: Outputs;
  /** The platform's data directory (outputs.json, the stores). */
  readonly dataDir: string;
  readonly doc: DynamoDBDocumentClient;
  /** What the invariant checker reads besides the tables: the platform's payment provider, through its API. */
  readonly invariants: InvariantOptions;
  /** A client signed in as a demo user. */
  as(role: Role): Promise<GraphQLClient>;
  /** A demo user's Cognito ID token, as AppSync takes it in `Authorization`. */
  tokenFor(role: Role): Promise<string>;
  /** A client signed in as a new shopper (confirmed, adult, US). */
  newShopper(name: string, birthdate?: string): Promise<GraphQLClient>;
  /** The ID token of a new shopper. */
  newShopperToken(name: string, birthdate?: string): Promise<string>;
  /** A client with only the API key. */
  anonymous(): GraphQLClient;
  close(): Promise<void>;
}

export interface TestPlatformOptions {
  /** The AWS region the platform plays (default us-east-1). */
  readonly region?: string;
  /** Start on this data directory and keep it at close (a region that stops and comes back). */
  readonly dataDir?: string;
  /** A Stripe-compatible endpoint several platforms share (regions share one provider account), else its own. */
  readonly paymentEndpoint?: string;
}

export async function startTestPlatform(options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'bigsmokes-api-'));
  const platform = await startPlatform(loadConfig({
    LOCAL_DATA_DIR: dataDir, PORT: '0', DDB_PORT: '0', SFN_PORT: '0', COGNITO_PORT: '0', EVENTS_PORT: '0', STRIPE_PORT: '0',
    ...(options.region !== undefined && { AWS_REGION: options.region }),
    ...(options.paymentEndpoint !== undefined && { PAYMENT_ENDPOINT: options.paymentEndpoint }),
  }));
  const outputs = platform.outputs;
  const cognito = new CognitoIdentityProviderClient(localClientConfig(outputs.cognitoEndpoint!, outputs.region));
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(outputs.dynamodbEndpoint, outputs.region)));
  const signIn = async (username: string, password: string) => {
    const { AuthenticationResult } = await cognito.send(new InitiateAuthCommand({
      ClientId: outputs.userPoolClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password },
    }));
    return AuthenticationResult!.IdToken!;
  };
  const client = (token: string) => new GraphQLClient(outputs.graphqlUrl!, { headers: { authorization: token } });
  const tokenFor = (role: Role) => signIn(outputs.demoUsers![role].username, outputs.demoUsers![role].password);
  const newShopperToken = async (name: string, birthdate = '1990-01-01') => {
    const password = `Local-${name}-Pa55!`;
    await cognito.send(new SignUpCommand({ ClientId: outputs.userPoolClientId, Username: name, Password: password,
      UserAttributes: [{ Name: 'email', Value: `${name}@example.com` }, { Name: 'birthdate', Value: birthdate }] }));
    await cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: outputs.userPoolId, Username: name }));
    return signIn(name, password);
  };
  return {
    platform, outputs, dataDir, doc, tokenFor, newShopperToken,
    invariants: { provider: auditor(outputs.stripeEndpoint!, outputs.stripeSecretKey!) },
    as: async (role) => client(await tokenFor(role)),
    newShopper: async (name, birthdate) => client(await newShopperToken(name, birthdate)),
    anonymous: () => new GraphQLClient(outputs.graphqlUrl!, { headers: { 'x-api-key': outputs.apiKey! } }),
    async close() {
      cognito.destroy();
      doc.destroy();
      await platform.close();
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The errorType a GraphQL call failed with (AppSync's errors[0].errorType). */
export async function errorTypeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (err) {
    if (err instanceof ClientError) return String((err.response.errors?.[0] as { errorType?: string } | undefined)?.errorType);
    throw err;
  }
  throw new Error('expected the GraphQL call to fail, but it succeeded');
}

/** Polls `read` until `done` holds (sagas move on asynchronously); fails after `timeoutMs`. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not reached within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
