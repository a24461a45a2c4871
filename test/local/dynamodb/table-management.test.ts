// Table descriptions and table errors as DynamoDB gives them today. The cases marked "recorded"
// replay localstack's AWS-validated snapshots (tests/aws/services/dynamodb/test_dynamodb.snapshot.json:
// test_table_crud, test_table_warm_throughput, test_create_duplicate_table,
// test_dynamodb_describe_contributor_insights); the others follow the page cited beside them.
import {
  BatchWriteItemCommand, CreateTableCommand, DeleteTableCommand, DescribeContinuousBackupsCommand, DescribeContributorInsightsCommand, DescribeTableCommand, GetItemCommand,
  TransactWriteItemsCommand, UpdateContinuousBackupsCommand, UpdateTableCommand, type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { rejectionOf } from '../../support/rejection.ts';
import { startTestDynamoDB, type TestDynamoDB } from '../../support/local-dynamodb.ts';
import { tempDirs } from '../../support/temp-dirs.ts';

let db: TestDynamoDB;
const dataDir = tempDirs('bigsmokes-ddb-settings-');
beforeAll(async () => { db = await startTestDynamoDB([]); });
afterAll(async () => { await db.close(); });

/** Waits for a table to become ACTIVE, as a client of AWS does (waitUntilTableExists) before changing it. */
async function active(client: TestDynamoDB['client'], TableName: string): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    if ((await client.send(new DescribeTableCommand({ TableName }))).Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${TableName} never became ACTIVE`);
}

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
  // Exactly the members AWS recorded, no more (ProvisionedThroughput's LastIncrease/DecreaseDateTime aside, which AWS adds after a change).
  const recorded = ['AttributeDefinitions', 'CreationDateTime', 'DeletionProtectionEnabled', 'ItemCount', 'KeySchema', 'ProvisionedThroughput', 'TableArn', 'TableId', 'TableName', 'TableSizeBytes', 'TableStatus'];
  expect(Object.keys(created).sort()).toEqual(recorded);
  expect(Object.keys(table).sort()).toEqual([...recorded, 'WarmThroughput'].sort());
  const deleted = (await db.client.send(new DeleteTableCommand({ TableName: 'crud' }))).TableDescription!;
  expect(Object.keys(deleted).sort()).toEqual(['DeletionProtectionEnabled', 'ItemCount', 'ProvisionedThroughput', 'TableArn', 'TableId', 'TableName', 'TableSizeBytes', 'TableStatus']);
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

it('gives each global index its warm throughput, and no TableThroughputModeSummary (recorded: test_gsi_with_billing_mode)', async () => {
  const gsi = (provisionedIndex: boolean) => ({
    IndexName: 'TransactionRecordID', KeySchema: [{ AttributeName: 'TRID', KeyType: 'HASH' as const }], Projection: { ProjectionType: 'ALL' as const },
    ...(provisionedIndex && { ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }),
  });
  const attributes = [{ AttributeName: 'TID', AttributeType: 'S' as const }, { AttributeName: 'TRID', AttributeType: 'S' as const }];
  const created = (await db.client.send(new CreateTableCommand({
    TableName: 'gsi-on-demand', BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'TID', KeyType: 'HASH' }], AttributeDefinitions: attributes, GlobalSecondaryIndexes: [gsi(false)],
  }))).TableDescription as Record<string, unknown>;
  expect(created.TableThroughputModeSummary).toBeUndefined();
  expect(created.BillingModeSummary).toEqual({ BillingMode: 'PAY_PER_REQUEST' });
  const onDemand = (await db.client.send(new DescribeTableCommand({ TableName: 'gsi-on-demand' }))).Table!;
  expect(onDemand.GlobalSecondaryIndexes?.[0].WarmThroughput).toEqual({ ReadUnitsPerSecond: 12000, WriteUnitsPerSecond: 4000, Status: 'ACTIVE' });
  expect((onDemand as Record<string, unknown>).TableThroughputModeSummary).toBeUndefined();
  await db.client.send(new CreateTableCommand({
    TableName: 'gsi-provisioned', KeySchema: [{ AttributeName: 'TID', KeyType: 'HASH' }], AttributeDefinitions: attributes, GlobalSecondaryIndexes: [gsi(true)],
    ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
  }));
  const provisionedTable = (await db.client.send(new DescribeTableCommand({ TableName: 'gsi-provisioned' }))).Table!;
  expect(provisionedTable.GlobalSecondaryIndexes?.[0].WarmThroughput).toEqual({ ReadUnitsPerSecond: 1, WriteUnitsPerSecond: 1, Status: 'ACTIVE' });
  expect(provisionedTable.WarmThroughput).toEqual({ ReadUnitsPerSecond: 5, WriteUnitsPerSecond: 5, Status: 'ACTIVE' });
});

it('refuses to create a table twice with "Table already exists: <name>" (recorded: test_create_duplicate_table)', async () => {
  await db.client.send(provisioned('twice'));
  const err = await rejectionOf(db.client.send(provisioned('twice')));
  expect(err).toMatchObject({ name: 'ResourceInUseException', message: 'Table already exists: twice' });
});

// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection
it('keeps a protected table from deletion until UpdateTable turns protection off', async () => {
  await db.client.send(provisioned('protected', { DeletionProtectionEnabled: true }));
  await active(db.client, 'protected');
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

it('records point-in-time recovery and reports it as AWS does, never in DescribeTable (recorded: test_continuous_backup_update)', async () => {
  await db.client.send(provisioned('backups'));
  await active(db.client, 'backups');
  const before = await db.client.send(new DescribeContinuousBackupsCommand({ TableName: 'backups' }));
  expect(before.ContinuousBackupsDescription).toEqual({ ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'DISABLED' } });
  const updated = await db.client.send(new UpdateContinuousBackupsCommand({ TableName: 'backups', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
  expect(updated.ContinuousBackupsDescription).toMatchObject({
    ContinuousBackupsStatus: 'ENABLED',
    PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'ENABLED', RecoveryPeriodInDays: 35, EarliestRestorableDateTime: expect.any(Date), LatestRestorableDateTime: expect.any(Date) },
  });
  const described = await db.client.send(new DescribeContinuousBackupsCommand({ TableName: 'backups' }));
  expect(described.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus).toBe('ENABLED');
  expect(Object.keys((await db.client.send(new DescribeTableCommand({ TableName: 'backups' }))).Table!)).not.toContain('LocalPointInTimeRecovery');
  // API_DescribeContinuousBackups.html (Errors: TableNotFoundException)
  expect((await rejectionOf(db.client.send(new DescribeContinuousBackupsCommand({ TableName: 'absent' })))).name).toBe('TableNotFoundException');
});

it('keeps deletion protection, warm throughput and point-in-time recovery across a restart (they live in the journalled description)', async () => {
  const dir = dataDir();
  const first = await startTestDynamoDB([], dir);
  await first.client.send(provisioned('kept', { DeletionProtectionEnabled: true, WarmThroughput: { ReadUnitsPerSecond: 900, WriteUnitsPerSecond: 300 } }));
  await active(first.client, 'kept');
  await first.client.send(new UpdateContinuousBackupsCommand({ TableName: 'kept', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 } }));
  await first.close();
  const second = await startTestDynamoDB([], dir);
  try {
    const table = (await second.client.send(new DescribeTableCommand({ TableName: 'kept' }))).Table!;
    expect(table.DeletionProtectionEnabled).toBe(true);
    expect(table.WarmThroughput).toEqual({ ReadUnitsPerSecond: 900, WriteUnitsPerSecond: 300, Status: 'ACTIVE' });
    const backups = await second.client.send(new DescribeContinuousBackupsCommand({ TableName: 'kept' }));
    expect(backups.ContinuousBackupsDescription?.PointInTimeRecoveryDescription).toMatchObject({ PointInTimeRecoveryStatus: 'ENABLED', RecoveryPeriodInDays: 7 });
  } finally {
    await second.close();
  }
});

// A setting written while dynalite still finishes creating the table must not leave it CREATING for
// ever: a change to a table that is not ACTIVE is refused, as AWS refuses it (ResourceInUseException).
it('never leaves a table stuck CREATING when it is changed right after CreateTable', async () => {
  const journalled = await startTestDynamoDB([], dataDir()); // writes acknowledged through the journal: the slower path
  try {
    await journalled.client.send(provisioned('hasty'));
    const change = await journalled.client.send(new UpdateContinuousBackupsCommand({ TableName: 'hasty', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })).catch((err: Error) => err);
    if (change instanceof Error) expect(change.name).toBe('ResourceInUseException');
    await active(journalled.client, 'hasty');
  } finally {
    await journalled.close();
  }
});
