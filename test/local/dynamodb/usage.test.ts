// The local DynamoDB counts reads and writes per table as DynamoDB bills them: one write per item
// written (a failed conditional write too), transactional items apart (two units each), reads per
// item with strongly consistent ones apart.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-capacity-handling
import { GetItemCommand, PutItemCommand, QueryCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { tables } from '../../../infra/tables.ts';
import { startDynamoDBThread } from '../../../local/dynamodb/worker-host.ts';
import { ensureTables } from '../../../local/dynamodb/create-tables.ts';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localClientConfig } from '../../../local/aws/client-config.ts';

const Inventory = tables.Inventory.tableName;
const Products = tables.Products.tableName;

test('the DynamoDB thread counts reads and writes per table, as they are billed', async () => {
  const thread = await startDynamoDBThread({ port: 0 });
  const client = new DynamoDBClient(localClientConfig(thread.endpoint));
  try {
    await ensureTables(thread.endpoint, [tables.Inventory, tables.Products]);
    const before = await thread.usage();
    expect(before[Inventory]).toBeUndefined(); // creating tables is not billed per request

    const key = { pk: { S: 'PRODUCT#p1' }, sk: { S: 'REGION#us-east-1' } };
    await client.send(new PutItemCommand({ TableName: Inventory, Item: { ...key, available: { N: '1' } } }));
    await client.send(new PutItemCommand({ TableName: Inventory, Item: { pk: { S: 'PRODUCT#p1' }, sk: { S: 'REGION#eu-west-1' }, available: { N: '1' } } }));
    await expect(client.send(new PutItemCommand({ TableName: Inventory, Item: key, ConditionExpression: 'attribute_not_exists(pk)' })))
      .rejects.toThrow('The conditional request failed');
    await client.send(new GetItemCommand({ TableName: Inventory, Key: key, ConsistentRead: true }));
    await client.send(new QueryCommand({ TableName: Inventory, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'PRODUCT#p1' } } }));
    await client.send(new TransactWriteItemsCommand({ TransactItems: [
      { Update: { TableName: Inventory, Key: key, UpdateExpression: 'SET available = :n', ExpressionAttributeValues: { ':n': { N: '0' } } } },
      { Put: { TableName: Products, Item: { id: { S: 'p1' } } } },
    ] }));

    const usage = await thread.usage();
    expect(usage[Inventory]).toEqual({
      readCalls: 2, readItems: 3, consistentReadItems: 1, writeItems: 3, transactionalWriteItems: 1, transactionalReadItems: 0,
      operations: { PutItem: 3, GetItem: 1, Query: 1, TransactWriteItems: 1 },
    });
    expect(usage[Products]).toMatchObject({ transactionalWriteItems: 1, writeItems: 0 });
  } finally {
    client.destroy();
    await thread.close();
  }
});
