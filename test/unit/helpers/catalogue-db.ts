// A local DynamoDB with every table, the test cigar in the catalogue and `stock` of it in this
// region, for tests that run the real tasks (the ASL on the oracle, the invariant checker). Status
// events go to a mocked EventBridge. Registers its own beforeAll/afterAll.
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tables } from '../../../infra/tables.ts';
import { startTestDynamoDB, type TestDynamoDB } from '../../support/local-dynamodb.ts';
import { cigar } from './fixtures.ts';

export interface CatalogueDb {
  /** The running database's document client (once beforeAll has run). */
  readonly doc: DynamoDBDocumentClient;
  /** The stock the invariant checker starts from. */
  readonly initialStock: Record<string, number>;
  /** The mocked EventBridge the tasks publish status events to. */
  readonly events: AwsClientStub<EventBridgeClient>;
}

export function useCatalogueDb(stock: number): CatalogueDb {
  const events = mockClient(EventBridgeClient);
  let db: TestDynamoDB | undefined;
  beforeAll(async () => {
    db = await startTestDynamoDB(Object.values(tables));
    process.env.AWS_ENDPOINT_URL_DYNAMODB = db.endpoint;
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e' }] });
    await db.doc.send(new PutCommand({ TableName: tables.Products.tableName, Item: { ...cigar, brand: 'B', category: 'cigars', updatedAt: 't' } }));
    await db.doc.send(new PutCommand({
      TableName: tables.Inventory.tableName,
      Item: { pk: `PRODUCT#${cigar.id}`, sk: 'REGION#us-east-1', productId: cigar.id, region: 'us-east-1', available: stock, reserved: 0 },
    }));
  });
  afterAll(async () => {
    delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
    await db?.close();
  });
  return {
    get doc() { return db!.doc; },
    initialStock: { [`${cigar.id}@us-east-1`]: stock },
    events,
  };
}
