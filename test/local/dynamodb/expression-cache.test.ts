// The local DynamoDB keeps parsed expressions (local/dynamodb/expression-cache.ts); a request that
// reuses an expression must be answered exactly as if it were parsed afresh. Behaviour per the
// DynamoDB Developer Guide, "Using expressions in DynamoDB" (expression attribute names and values:
// every one supplied must be used, ValidationException otherwise) and the API reference's
// UpdateItem and Query.
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tables } from '../../../infra/tables.ts';
import { rejectionOf } from '../../support/rejection.ts';
import { startTestDynamoDB, type TestDynamoDB } from '../../support/local-dynamodb.ts';

const Orders = tables.Orders.tableName;
let db: TestDynamoDB;

beforeAll(async () => {
  db = await startTestDynamoDB([tables.Orders]);
  await db.doc.send(new PutCommand({ TableName: Orders, Item: { id: 'x1', status: 'PLACED', userId: 'u1', createdAt: '2026-01-01T00:00:00Z', count: 1 } }));
});
afterAll(async () => { await db.close(); });

const read = async () => (await db.doc.send(new GetCommand({ TableName: Orders, Key: { id: 'x1' }, ConsistentRead: true }))).Item!;

describe('a reused expression (UpdateItem, Query)', () => {
  it('applies each request its own values', async () => {
    for (const status of ['PACKING', 'PACKED', 'SHIPPED']) {
      await db.doc.send(new UpdateCommand({
        TableName: Orders, Key: { id: 'x1' }, UpdateExpression: 'SET #s = :s, #c = #c + :one',
        ConditionExpression: 'attribute_exists(id)',
        ExpressionAttributeNames: { '#s': 'status', '#c': 'count' }, ExpressionAttributeValues: { ':s': status, ':one': 1 },
      }));
      expect((await read()).status).toBe(status);
    }
    expect((await read()).count).toBe(4);
  });

  it('counts a name as used by the second expression even when the first used it too', async () => {
    const update = (updateExpression: string) => db.doc.send(new UpdateCommand({
      TableName: Orders, Key: { id: 'x1' }, UpdateExpression: updateExpression, ConditionExpression: 'attribute_exists(#s)',
      ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':v': 'note' },
    }));
    await update('SET #s = :v');
    // Same condition, same names: here only the condition uses #s, which must still count.
    await update('SET note = :v');
    expect((await read()).note).toBe('note');
  });

  it('still refuses a name no expression uses, every time', async () => {
    for (let i = 0; i < 2; i++) {
      const err = await rejectionOf(db.doc.send(new UpdateCommand({
        TableName: Orders, Key: { id: 'x1' }, UpdateExpression: 'SET note = :v',
        ExpressionAttributeNames: { '#unused': 'status' }, ExpressionAttributeValues: { ':v': 'n' },
      })));
      expect(err.name).toBe('ValidationException');
      expect(err.message).toBe('Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}');
    }
  });

  it('checks operand types against each request\'s values', async () => {
    const add = (value: unknown) => db.doc.send(new UpdateCommand({
      TableName: Orders, Key: { id: 'x1' }, UpdateExpression: 'SET #c = #c + :v',
      ExpressionAttributeNames: { '#c': 'count' }, ExpressionAttributeValues: { ':v': value },
    }));
    for (let i = 0; i < 2; i++) {
      const err = await rejectionOf(add('one'));
      expect(err.name).toBe('ValidationException');
      expect(err.message).toMatch(/Incorrect operand type for operator or function; operator or function: \+, operand type: S/);
    }
    await add(10);
    expect((await read()).count).toBe(14);
  });

  it('reports the same syntax error each time', async () => {
    for (let i = 0; i < 2; i++) {
      const err = await rejectionOf(db.doc.send(new UpdateCommand({ TableName: Orders, Key: { id: 'x1' }, UpdateExpression: 'SET note =' })));
      expect(err.name).toBe('ValidationException');
      expect(err.message).toMatch(/^Invalid UpdateExpression: Syntax error; /);
    }
  });

  it('compares BETWEEN bounds of every request (such expressions depend on their values)', async () => {
    const query = (from: string, to: string) => db.doc.send(new QueryCommand({
      TableName: Orders, IndexName: 'byUser', KeyConditionExpression: 'userId = :u AND createdAt BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':u': 'u1', ':from': from, ':to': to },
    }));
    expect((await query('2025-01-01', '2027-01-01')).Items).toHaveLength(1);
    const err = await rejectionOf(query('2027-01-01', '2025-01-01'));
    expect(err.message).toMatch(/BETWEEN operator requires upper bound to be greater than or equal to lower bound/);
    expect((await query('2026-06-01', '2027-01-01')).Items).toHaveLength(0);
  });
});
