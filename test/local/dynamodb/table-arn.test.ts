// A table's ARN works wherever its name does. Each TableName member of the API reference says "You
// can also provide the Amazon Resource Name (ARN) of the table in this parameter"
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GetItem.html, API_Get.html,
// API_Put.html, API_Update.html, API_Delete.html, API_ConditionCheck.html, API_DescribeTable.html),
// and BatchGetItem answers "a map of table name or table ARN to a list of items"
// (API_BatchGetItem.html). The transaction cases replay localstack's AWS-validated snapshots
// test_transaction_write_items and test_transact_get_items.
import {
  BatchGetItemCommand, BatchWriteItemCommand, CreateTableCommand, DeleteItemCommand, DescribeTableCommand, GetItemCommand,
  PutItemCommand, QueryCommand, TransactGetItemsCommand, TransactWriteItemsCommand, UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { rejectionOf } from '../../support/rejection.ts';
import { startTestDynamoDB, type TestDynamoDB } from '../../support/local-dynamodb.ts';

const region = 'eu-west-1';
let db: TestDynamoDB;
let arn: string;
const TableName = 'arn-table';

beforeAll(async () => {
  db = await startTestDynamoDB([], undefined, region);
  const created = await db.client.send(new CreateTableCommand({
    TableName, BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
  }));
  arn = created.TableDescription!.TableArn!;
});
afterAll(async () => { await db.close(); });

it("names the endpoint's region in the table's ARN", () => {
  expect(arn).toBe(`arn:aws:dynamodb:${region}:000000000000:table/${TableName}`);
});

it('accepts the ARN in the single-item operations, Query and DescribeTable', async () => {
  await db.client.send(new PutItemCommand({ TableName: arn, Item: { id: { S: 'a' }, n: { N: '1' } } }));
  await db.client.send(new UpdateItemCommand({ TableName: arn, Key: { id: { S: 'a' } }, UpdateExpression: 'SET n = n + :one', ExpressionAttributeValues: { ':one': { N: '1' } } }));
  expect((await db.client.send(new GetItemCommand({ TableName: arn, Key: { id: { S: 'a' } } }))).Item).toEqual({ id: { S: 'a' }, n: { N: '2' } });
  const query = await db.client.send(new QueryCommand({ TableName: arn, KeyConditionExpression: 'id = :id', ExpressionAttributeValues: { ':id': { S: 'a' } } }));
  expect(query.Count).toBe(1);
  expect((await db.client.send(new DescribeTableCommand({ TableName: arn }))).Table?.TableName).toBe(TableName);
  await db.client.send(new DeleteItemCommand({ TableName: arn, Key: { id: { S: 'a' } } }));
  expect((await db.client.send(new GetItemCommand({ TableName, Key: { id: { S: 'a' } } }))).Item).toBeUndefined();
});

it('accepts the ARN in every action of TransactWriteItems (recorded: test_transaction_write_items)', async () => {
  await db.client.send(new TransactWriteItemsCommand({ TransactItems: [
    { ConditionCheck: { TableName: arn, ConditionExpression: 'attribute_not_exists(id)', Key: { id: { S: 'test1' } } } },
    { Put: { TableName: arn, Item: { id: { S: 'test2' } } } },
    { Update: { TableName: arn, Key: { id: { S: 'test3' } }, UpdateExpression: 'SET attr1 = :v1, attr2 = :v2', ExpressionAttributeValues: { ':v1': { S: 'value1' }, ':v2': { S: 'value2' } } } },
    { Delete: { TableName: arn, Key: { id: { S: 'test4' } } } },
  ] }));
  expect((await db.client.send(new GetItemCommand({ TableName, Key: { id: { S: 'test3' } } }))).Item).toEqual({ id: { S: 'test3' }, attr1: { S: 'value1' }, attr2: { S: 'value2' } });
});

it('accepts the ARN in TransactGetItems (recorded: test_transact_get_items)', async () => {
  await db.client.send(new PutItemCommand({ TableName, Item: { id: { S: 'Sarah' } } }));
  const result = await db.client.send(new TransactGetItemsCommand({ TransactItems: [{ Get: { Key: { id: { S: 'Sarah' } }, TableName: arn } }] }));
  expect(result.Responses).toEqual([{ Item: { id: { S: 'Sarah' } } }]);
});

it('keys BatchGetItem answers and BatchWriteItem requests by the ARN the caller sent', async () => {
  await db.client.send(new BatchWriteItemCommand({ RequestItems: { [arn]: [{ PutRequest: { Item: { id: { S: 'b1' } } } }, { PutRequest: { Item: { id: { S: 'b2' } } } }] } }));
  const result = await db.client.send(new BatchGetItemCommand({ RequestItems: { [arn]: { Keys: [{ id: { S: 'b1' } }, { id: { S: 'b2' } }] } } }));
  expect(Object.keys(result.Responses ?? {})).toEqual([arn]);
  expect(result.Responses?.[arn].map((i) => i.id.S).sort()).toEqual(['b1', 'b2']);
});

it("answers an ARN of another region's table as a table that does not exist", async () => {
  const elsewhere = arn.replace(region, 'us-east-1');
  expect((await rejectionOf(db.client.send(new GetItemCommand({ TableName: elsewhere, Key: { id: { S: 'a' } } })))).name).toBe('ResourceNotFoundException');
});
