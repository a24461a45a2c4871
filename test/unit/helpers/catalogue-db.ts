// A local DynamoDB with every table, the test cigar in the catalogue and `stock` of it in this
// region, for tests that run the real tasks (the ASL on the oracle, the invariant checker), and the
// payment provider they pay through (a local Stripe, its key in a local Secrets Manager). Status
// events go to a mocked EventBridge. Registers its own beforeAll/afterAll.
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tables } from '../../../infra/tables.ts';
import { startTestDynamoDB, type TestDynamoDB } from '../../support/local-dynamodb.ts';
import type { InvariantOptions } from '../../support/invariants.ts';
import { usePaymentProvider, type TestPaymentProvider } from '../../support/payment-provider.ts';
import { cigar } from './fixtures.ts';

export interface CatalogueDb {
  /** The running database's document client (once beforeAll has run). */
  readonly doc: DynamoDBDocumentClient;
  /** The stock the invariant checker starts from. */
  readonly initialStock: Record<string, number>;
  /** The mocked EventBridge the tasks publish status events to. */
  readonly events: AwsClientStub<EventBridgeClient>;
  /** The local Stripe the payment tasks use, and an auditor's client of it. */
  readonly payments: TestPaymentProvider;
  /** What the invariant checker needs: the initial stock and the provider to read. */
  readonly invariants: InvariantOptions;
}

export function useCatalogueDb(stock: number): CatalogueDb {
  const events = mockClient(EventBridgeClient);
  const payments = usePaymentProvider();
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
  const initialStock = { [`${cigar.id}@us-east-1`]: stock };
  return {
    get doc() { return db!.doc; },
    initialStock,
    events,
    payments,
    get invariants() { return { initialStock, provider: payments.stripe }; },
  };
}
