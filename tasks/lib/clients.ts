// AWS clients, created once per process from the environment only: region from AWS_REGION and
// endpoints from the SDK's own AWS_ENDPOINT_URL_<SERVICE> variables, so the same code reaches AWS
// or the local runtime without knowing which.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** What a host may give every client: on Lambda nothing; the local runtime its in-process transport. */
export interface ClientHosting {
  readonly requestHandler?: DynamoDBClient['config']['requestHandler'];
}

let hosting: ClientHosting = {};
let generation = 0;
let dynamo: DynamoDBClient | undefined;
let documents: DynamoDBDocumentClient | undefined;
let events: EventBridgeClient | undefined;
let secrets: SecretsManagerClient | undefined;

/**
 * Called by a host before the first task runs (the local Lambda runtime hands over the transport
 * that reaches its endpoints without a socket); clients made earlier are made again.
 */
export function hostClients(given: ClientHosting): void {
  hosting = given;
  generation += 1;
  dynamo = undefined;
  documents = undefined;
  events = undefined;
  secrets = undefined;
}

/** Counts hostClients calls: whoever keeps a client (a task's idempotency store) makes it again when it changes. */
export function clientGeneration(): number {
  return generation;
}

/**
 * The low-level client (Powertools Idempotency's). It resolves its middleware stack once per
 * command type (`cacheMiddleware`), not on every call: about a twentieth of a task's CPU.
 */
export function dynamoClient(): DynamoDBClient {
  dynamo ??= new DynamoDBClient({ ...hosting, cacheMiddleware: true });
  return dynamo;
}

/**
 * Document client (undefined attributes dropped, not rejected) over a client of its own: its
 * marshalling middleware is per command, which lib-dynamodb refuses to combine with cacheMiddleware.
 */
export function documentClient(): DynamoDBDocumentClient {
  documents ??= DynamoDBDocumentClient.from(new DynamoDBClient({ ...hosting }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documents;
}

export function eventBridgeClient(): EventBridgeClient {
  events ??= new EventBridgeClient({ ...hosting, cacheMiddleware: true });
  return events;
}

/** Secrets Manager (Powertools Parameters' SecretsProvider is given this one). */
export function secretsManagerClient(): SecretsManagerClient {
  secrets ??= new SecretsManagerClient({ ...hosting });
  return secrets;
}

/** The region this task runs in: its home region for orders it writes and its stock allocation. */
export function currentRegion(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
}
