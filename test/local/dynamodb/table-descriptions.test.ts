// Table descriptions are kept in memory by the local endpoint (local/dynamodb/dynalite.ts) and must
// never be stale: a table deleted and created again with another key schema is used with the new
// one at once (API_DeleteTable, API_CreateTable), and UpdateTable's changes show in DescribeTable
// (API_UpdateTable: BillingMode, provisioned throughput).
import {
  CreateTableCommand, DeleteTableCommand, DescribeTableCommand, GetItemCommand, PutItemCommand, UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { startTestDynamoDB, type TestDynamoDB } from '../../support/local-dynamodb.ts';

let db: TestDynamoDB;
beforeAll(async () => { db = await startTestDynamoDB([]); });
afterAll(async () => { await db.close(); });

const create = (TableName: string, key: string) => new CreateTableCommand({
  TableName, BillingMode: 'PAY_PER_REQUEST',
  KeySchema: [{ AttributeName: key, KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }],
});

it('uses the new key schema at once after a table is deleted and created again', async () => {
  await db.client.send(create('recreated', 'id'));
  await db.client.send(new PutItemCommand({ TableName: 'recreated', Item: { id: { S: 'a' } } }));
  await db.client.send(new DeleteTableCommand({ TableName: 'recreated' }));
  await expect(db.client.send(new GetItemCommand({ TableName: 'recreated', Key: { id: { S: 'a' } } })))
    .rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  await db.client.send(create('recreated', 'sku'));
  await expect(db.client.send(new PutItemCommand({ TableName: 'recreated', Item: { id: { S: 'a' } } })))
    .rejects.toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/Missing the key sku/) });
  await db.client.send(new PutItemCommand({ TableName: 'recreated', Item: { sku: { S: 'b' } } }));
  const { Item } = await db.client.send(new GetItemCommand({ TableName: 'recreated', Key: { sku: { S: 'b' } } }));
  expect(Item).toEqual({ sku: { S: 'b' } });
});

it('shows an UpdateTable change in the next DescribeTable, and the table keeps serving', async () => {
  await db.client.send(create('updated', 'id'));
  await db.client.send(new GetItemCommand({ TableName: 'updated', Key: { id: { S: 'warm' } } }));
  await db.client.send(new UpdateTableCommand({ TableName: 'updated', BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 7, WriteCapacityUnits: 3 } }));
  const described = async () => (await db.client.send(new DescribeTableCommand({ TableName: 'updated' }))).Table;
  let table = await described();
  for (let i = 0; i < 50 && table?.TableStatus !== 'ACTIVE'; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    table = await described();
  }
  expect(table?.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 7, WriteCapacityUnits: 3 });
  await db.client.send(new PutItemCommand({ TableName: 'updated', Item: { id: { S: 'after' } } }));
  expect((await db.client.send(new GetItemCommand({ TableName: 'updated', Key: { id: { S: 'after' } } }))).Item).toEqual({ id: { S: 'after' } });
});
