// AWS clients, created once per process from the environment only: region from AWS_REGION and
// endpoints from the SDK's own AWS_ENDPOINT_URL_<SERVICE> variables, so the same code reaches AWS
// or the local runtime without knowing which.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';

let dynamo: DynamoDBClient | undefined;
let documents: DynamoDBDocumentClient | undefined;
let events: EventBridgeClient | undefined;

export function dynamoClient(): DynamoDBClient {
  dynamo ??= new DynamoDBClient({});
  return dynamo;
}

/** Document client over the shared DynamoDB client; undefined attributes are dropped, not rejected. */
export function documentClient(): DynamoDBDocumentClient {
  documents ??= DynamoDBDocumentClient.from(dynamoClient(), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documents;
}

export function eventBridgeClient(): EventBridgeClient {
  events ??= new EventBridgeClient({});
  return events;
}

/** The region this task runs in: its home region for orders it writes and its stock allocation. */
export function currentRegion(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
}
