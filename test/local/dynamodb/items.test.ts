// Single-item operations, queries and error shapes of the local DynamoDB endpoint, driven through
// @aws-sdk/client-dynamodb as a real client.
// Behaviour per the DynamoDB API reference (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/).
import {
  ConditionalCheckFailedException, GetItemCommand, PutItemCommand, ResourceNotFoundException, ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tables } from '../../../infra/tables.ts';
import { rejectionOf } from '../../support/rejection.ts';
import { signedFetch } from '../../support/signed-request.ts';
import { startTestDynamoDB, type TestDynamoDB } from '../../support/local-dynamodb.ts';

const Orders = tables.Orders.tableName;
let db: TestDynamoDB;

beforeAll(async () => { db = await startTestDynamoDB([tables.Orders, tables.Products]); });
afterAll(async () => { await db.close(); });

describe('conditional writes (API_PutItem, API_UpdateItem: ConditionExpression)', () => {
  it('refuses a put whose condition fails with ConditionalCheckFailedException and keeps the item', async () => {
    await db.doc.send(new PutCommand({ TableName: Orders, Item: { id: 'c1', status: 'PLACED', userId: 'u1', createdAt: '2026-01-01T00:00:00Z' } }));
    await expect(db.doc.send(new PutCommand({
      TableName: Orders, Item: { id: 'c1', status: 'OTHER', userId: 'u1', createdAt: '2026-01-01T00:00:00Z' },
      ConditionExpression: 'attribute_not_exists(id)',
    }))).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    const { Item } = await db.doc.send(new GetCommand({ TableName: Orders, Key: { id: 'c1' } }));
    expect(Item?.status).toBe('PLACED');
  });

  it('returns the current item with the failure when ReturnValuesOnConditionCheckFailure is ALL_OLD', async () => {
    const failure = await db.doc.send(new UpdateCommand({
      TableName: Orders, Key: { id: 'c1' }, UpdateExpression: 'SET #s = :s', ConditionExpression: '#s = :expected',
      ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': 'SHIPPED', ':expected': 'PACKED' },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    })).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ConditionalCheckFailedException);
    expect((failure as ConditionalCheckFailedException).Item?.status).toEqual({ S: 'PLACED' });
  });

  it('applies an update whose condition holds and returns the new image', async () => {
    const { Attributes } = await db.doc.send(new UpdateCommand({
      TableName: Orders, Key: { id: 'c1' }, UpdateExpression: 'SET #s = :s', ConditionExpression: '#s = :expected',
      ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': 'PACKING', ':expected': 'PLACED' },
      ReturnValues: 'ALL_NEW',
    }));
    expect(Attributes?.status).toBe('PACKING');
  });
});

describe('global secondary index queries and pagination (API_Query: Limit, LastEvaluatedKey)', () => {
  beforeAll(async () => {
    for (let i = 0; i < 25; i += 1) {
      await db.doc.send(new PutCommand({ TableName: Orders, Item: {
        id: `q${i}`, userId: 'pager', status: 'PLACED', createdAt: `2026-02-${String(i + 1).padStart(2, '0')}T00:00:00Z` } }));
    }
  });

  it('queries the byUser index newest first, page by page, without gaps or repeats', async () => {
    const seen: string[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    let pages = 0;
    do {
      const page = await db.doc.send(new QueryCommand({
        TableName: Orders, IndexName: 'byUser', KeyConditionExpression: 'userId = :u',
        ExpressionAttributeValues: { ':u': 'pager' }, ScanIndexForward: false, Limit: 10, ExclusiveStartKey,
      }));
      seen.push(...(page.Items ?? []).map((item) => item.createdAt as string));
      ExclusiveStartKey = page.LastEvaluatedKey;
      pages += 1;
    } while (ExclusiveStartKey);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    expect(seen).toEqual([...seen].sort().reverse());
    expect(pages).toBe(3);
  });
});

describe('bad requests get AWS error shapes and change nothing', () => {
  it('answers an unknown table with ResourceNotFoundException', async () => {
    await expect(db.client.send(new GetItemCommand({ TableName: 'no-such-table', Key: { id: { S: 'x' } } })))
      .rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('answers a key that does not match the schema with ValidationException', async () => {
    const err = await rejectionOf(db.client.send(new GetItemCommand({ TableName: Orders, Key: { nope: { S: 'x' } } })));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toMatch(/key element does not match the schema/);
  });

  it('answers a put without its key with ValidationException and stores nothing', async () => {
    const before = (await db.client.send(new ScanCommand({ TableName: Orders, Select: 'COUNT' }))).Count;
    const err = await rejectionOf(db.client.send(new PutItemCommand({ TableName: Orders, Item: { status: { S: 'PLACED' } } })));
    expect(err.name).toBe('ValidationException');
    expect((await db.client.send(new ScanCommand({ TableName: Orders, Select: 'COUNT' }))).Count).toBe(before);
  });

  /** A raw request, as a client that builds its own body would send it (the SDK never sends these). */
  const raw = (operation: string, body: string) => signedFetch({
    endpoint: db.endpoint, service: 'dynamodb', contentType: 'application/x-amz-json-1.0', target: `DynamoDB_20120810.${operation}`, body,
  });

  it('answers malformed JSON with SerializationException (HTTP 400)', async () => {
    const response = await raw('GetItem', '{"TableName": ');
    expect(response.status).toBe(400);
    expect((await response.json()).__type).toBe('com.amazon.coral.service#SerializationException');
  });

  it('answers an unknown operation with UnknownOperationException', async () => {
    const response = await raw('Frobnicate', '{}');
    expect(response.status).toBe(400);
    expect((await response.json()).__type).toBe('com.amazon.coral.service#UnknownOperationException');
  });
});
