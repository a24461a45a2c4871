// The AWS mocks every task unit test needs: the document client (business tables), the raw
// DynamoDB client (Powertools' idempotency records, kept in memory) and EventBridge.
import 'aws-sdk-client-mock-jest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { fakeIdempotencyTable } from './idempotency-table.ts';

export const documents = mockClient(DynamoDBDocumentClient);
export const dynamo = mockClient(DynamoDBClient);
export const events = mockClient(EventBridgeClient);

/** Resets every mock; the idempotency table starts empty. */
export function resetMocks(): Map<string, unknown> {
  documents.reset();
  dynamo.reset();
  events.reset();
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
  return fakeIdempotencyTable(dynamo);
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
