// The AWS mocks every task unit test needs: the document client (business tables), the raw
// DynamoDB client (Powertools' idempotency records, kept in memory) and EventBridge.
import 'aws-sdk-client-mock-jest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBClient, GetItemCommand, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { fakeIdempotencyTable } from './idempotency-table.ts';

export const documents = mockClient(DynamoDBDocumentClient);
export const dynamo = mockClient(DynamoDBClient);
export const events = mockClient(EventBridgeClient);

/** The read of the fenced tasks' ownership guard (tasks/lib/order-guard.ts requireOwnership). */
export const ownershipRead = { TableName: 'bigsmokes-orders', ProjectionExpression: 'id, homeRegion, ownerEpoch' } as const;

/** The guard's answer: the order is owned by `region` (the tests' own by default) at `epoch`. */
export function orderOwnedBy(region = 'us-east-1', epoch = 0): void {
  dynamo.on(GetItemCommand, ownershipRead).callsFake((input: { Key: { id: { S: string } } }) => (
    { Item: { id: input.Key.id, homeRegion: { S: region }, ownerEpoch: { N: String(epoch) } } }));
}

/** Resets every mock; the idempotency table starts empty; every order is owned by this region. */
export function resetMocks(): Map<string, unknown> {
  documents.reset();
  dynamo.reset();
  events.reset();
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
  const idempotency = fakeIdempotencyTable(dynamo);
  orderOwnedBy();
  return idempotency;
}

/** A TransactWriteItems cancellation with one reason per item, as DynamoDB returns it. */
export function transactionCancelled(codes: readonly string[]): TransactionCanceledException {
  return new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

/** A DynamoDB server fault after the SDK's retries (what an outage looks like to a task). */
export function serviceUnavailable(): Error {
  return Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable', $fault: 'server', $metadata: { httpStatusCode: 503 } });
}

export { lambdaContext } from './context.ts';
