// Table descriptions and table errors as DynamoDB gives them today. The cases marked "recorded"
// replay localstack's AWS-validated snapshots (tests/aws/services/dynamodb/test_dynamodb.snapshot.json:
// test_table_crud, test_table_warm_throughput, test_create_duplicate_table,
// test_dynamodb_describe_contributor_insights); the others follow the page cited beside them.
import {
  BatchWriteItemCommand, CreateTableCommand, DeleteTableCommand, DescribeContributorInsightsCommand, DescribeTableCommand, GetItemCommand,
  TransactWriteItemsCommand, UpdateTableCommand, type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { rejectionOf } from '../../support/rejection.ts';
import { startTestDynamoDB, type TestDynamoDB } from '../../support/local-dynamodb.ts';

let db: TestDynamoDB;
beforeAll(async () => { db = await startTestDynamoDB([]); });
afterAll(async () => { await db.close(); });

const provisioned = (TableName: string, extra: Partial<CreateTableCommandInput> = {}) => new CreateTableCommand({
  TableName, KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
  ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 }, ...extra,
});

it('describes a table with DeletionProtectionEnabled and an ACTIVE WarmThroughput, and answers DeleteTable without its schema (recorded: test_table_crud)', async () => {
  const created = (await db.client.send(provisioned('crud'))).TableDescription!;
  expect(created).toMatchObject({ DeletionProtectionEnabled: false, TableStatus: 'CREATING', ItemCount: 0, TableSizeBytes: 0 });
  expect(created.WarmThroughput).toBeUndefined();
  const table = (await db.client.send(new DescribeTableCommand({ TableName: 'crud' }))).Table!;
  expect(table).toMatchObject({
    DeletionProtectionEnabled: false, TableStatus: 'ACTIVE',
    WarmThroughput: { ReadUnitsPerSecond: 5, WriteUnitsPerSecond: 5, Status: 'ACTIVE' },
  });
  const deleted = (await db.client.send(new DeleteTableCommand({ TableName: 'crud' }))).TableDescription!;
  expect(deleted).toMatchObject({ DeletionProtectionEnabled: false, TableStatus: 'DELETING', TableName: 'crud', ItemCount: 0 });
  expect(deleted.AttributeDefinitions).toBeUndefined();
  expect(deleted.KeySchema).toBeUndefined();
  expect(deleted.CreationDateTime).toBeUndefined();
  const missing = await rejectionOf(db.client.send(new DeleteTableCommand({ TableName: 'non-existent' })));
  expect(missing).toMatchObject({ name: 'ResourceNotFoundException', message: 'Requested resource not found: Table: non-existent not found' });
});

it('echoes a requested WarmThroughput as UPDATING, then describes it ACTIVE (recorded: test_table_warm_throughput)', async () => {
  const created = (await db.client.send(provisioned('warm', { WarmThroughput: { ReadUnitsPerSecond: 1000, WriteUnitsPerSecond: 1200 } }))).TableDescription!;
  expect(created.WarmThroughput).toEqual({ ReadUnitsPerSecond: 1000, WriteUnitsPerSecond: 1200, Status: 'UPDATING' });
  const table = (await db.client.send(new DescribeTableCommand({ TableName: 'warm' }))).Table!;
  expect(table.WarmThroughput).toEqual({ ReadUnitsPerSecond: 1000, WriteUnitsPerSecond: 1200, Status: 'ACTIVE' });
});

// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/warm-throughput-scenarios.html (on-demand defaults)
it('gives an on-demand table the default warm throughput of 12,000 reads and 4,000 writes per second', async () => {
  await db.client.send(new CreateTableCommand({
    TableName: 'on-demand', BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
  }));
  const table = (await db.client.send(new DescribeTableCommand({ TableName: 'on-demand' }))).Table!;
  expect(table.WarmThroughput).toEqual({ ReadUnitsPerSecond: 12000, WriteUnitsPerSecond: 4000, Status: 'ACTIVE' });
});

it('refuses to create a table twice with "Table already exists: <name>" (recorded: test_create_duplicate_table)', async () => {
  await db.client.send(provisioned('twice'));
  const err = await rejectionOf(db.client.send(provisioned('twice')));
  expect(err).toMatchObject({ name: 'ResourceInUseException', message: 'Table already exists: twice' });
});

// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection
it('keeps a protected table from deletion until UpdateTable turns protection off', async () => {
  await db.client.send(provisioned('protected', { DeletionProtectionEnabled: true }));
  expect((await db.client.send(new DescribeTableCommand({ TableName: 'protected' }))).Table?.DeletionProtectionEnabled).toBe(true);
  const refused = await rejectionOf(db.client.send(new DeleteTableCommand({ TableName: 'protected' })));
  expect(refused.name).toBe('ValidationException');
  expect((await db.client.send(new DescribeTableCommand({ TableName: 'protected' }))).Table?.TableStatus).toBe('ACTIVE');
  const updated = (await db.client.send(new UpdateTableCommand({ TableName: 'protected', DeletionProtectionEnabled: false }))).TableDescription!;
  expect(updated.DeletionProtectionEnabled).toBe(false);
  await db.client.send(new DeleteTableCommand({ TableName: 'protected' }));
});

// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html (ResourceNotFoundException)
it('answers a data-plane call on a missing table with "Requested resource not found"', async () => {
  const err = await rejectionOf(db.client.send(new GetItemCommand({ TableName: 'nowhere', Key: { id: { S: 'a' } } })));
  expect(err).toMatchObject({ name: 'ResourceNotFoundException', message: 'Requested resource not found' });
  // recorded: test_batch_write_not_existing_table
  const transaction = await rejectionOf(db.client.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'non-existing-table', Item: {} } }] })));
  expect(transaction).toMatchObject({ name: 'ResourceNotFoundException', message: 'Requested resource not found' });
});

it('refuses a batch write whose item lacks the key (recorded: test_batch_write_not_matching_schema)', async () => {
  await db.client.send(new CreateTableCommand({
    TableName: 'composite', BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }, { AttributeName: 'sortKey', KeyType: 'RANGE' }],
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }, { AttributeName: 'sortKey', AttributeType: 'S' }],
  }));
  const err = await rejectionOf(db.client.send(new BatchWriteItemCommand({ RequestItems: { composite: [{ PutRequest: { Item: { nonKey: { S: 'hello' } } } }] } })));
  expect(err).toMatchObject({ name: 'ValidationException', message: 'The provided key element does not match the schema' });
});

it('describes Contributor Insights as DISABLED (recorded: test_dynamodb_describe_contributor_insights)', async () => {
  await db.client.send(provisioned('insights'));
  const result = await db.client.send(new DescribeContributorInsightsCommand({ TableName: 'insights' }));
  expect(result).toMatchObject({ TableName: 'insights', ContributorInsightsStatus: 'DISABLED' });
  expect((await rejectionOf(db.client.send(new DescribeContributorInsightsCommand({ TableName: 'absent' })))).name).toBe('ResourceNotFoundException');
});
