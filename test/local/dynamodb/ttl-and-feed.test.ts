// Time to Live and the change feed. TTL per
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html and
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html;
// records shaped like DynamoDB Streams records (API_streams_Record, NEW_AND_OLD_IMAGES), TTL deletes
// marked with the dynamodb.amazonaws.com service principal (time-to-live-ttl-streams.html).
import { DescribeTimeToLiveCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tables } from '../../../infra/tables.ts';
import type { ChangeRecord } from '../../../local/dynamodb/change-feed.ts';
import { rejectionOf } from '../../support/rejection.ts';
import { startTestDynamoDB, type TestDynamoDB } from '../../support/local-dynamodb.ts';
import { tempDirs } from '../../support/temp-dirs.ts';

const Idempotency = tables.Idempotency.tableName;
const Orders = tables.Orders.tableName;
const tempDir = tempDirs('bigsmokes-ttl-');
let db: TestDynamoDB;
const records: ChangeRecord[] = [];

beforeAll(async () => {
  db = await startTestDynamoDB([tables.Idempotency, tables.Orders]);
  db.server.changeFeed.subscribe((record) => records.push(record));
});
afterAll(async () => { await db.close(); });
beforeEach(() => { records.length = 0; });

describe('Time to Live', () => {
  it('describes the TTL that table creation enabled, and refuses enabling it twice', async () => {
    const { TimeToLiveDescription } = await db.client.send(new DescribeTimeToLiveCommand({ TableName: Idempotency }));
    expect(TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiration' });
    const err = await rejectionOf(db.client.send(new UpdateTimeToLiveCommand({ TableName: Idempotency,
      TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiration' } })));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toBe('TimeToLive is already enabled');
  });

  it('disables and re-enables TTL on a table', async () => {
    const off = await db.client.send(new UpdateTimeToLiveCommand({ TableName: Orders, TimeToLiveSpecification: { Enabled: true, AttributeName: 'purgeAt' } }));
    expect(off.TimeToLiveSpecification).toEqual({ Enabled: true, AttributeName: 'purgeAt' });
    await db.client.send(new UpdateTimeToLiveCommand({ TableName: Orders, TimeToLiveSpecification: { Enabled: false, AttributeName: 'purgeAt' } }));
    const { TimeToLiveDescription } = await db.client.send(new DescribeTimeToLiveCommand({ TableName: Orders }));
    expect(TimeToLiveDescription?.TimeToLiveStatus).toBe('DISABLED');
  });

  it('deletes expired items only: not future ones, not non-numbers, not ones over five years old', async () => {
    const now = Math.floor(Date.now() / 1000);
    const items = {
      expired: now - 60, future: now + 3600, ancient: now - 6 * 365 * 24 * 3600, text: String(now - 60),
    };
    for (const [id, expiration] of Object.entries(items)) {
      await db.doc.send(new PutCommand({ TableName: Idempotency, Item: { id, expiration } }));
    }
    records.length = 0;
    expect(await db.server.ttlSweeper.sweep()).toBe(1);
    const remaining = await Promise.all(Object.keys(items).map(async (id) =>
      [id, (await db.doc.send(new GetCommand({ TableName: Idempotency, Key: { id } }))).Item !== undefined]));
    expect(Object.fromEntries(remaining)).toEqual({ expired: false, future: true, ancient: true, text: true });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      eventName: 'REMOVE', tableName: Idempotency,
      userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' },
      dynamodb: { Keys: { id: { S: 'expired' } }, OldImage: { id: { S: 'expired' } } },
    });
  });

  it('fails loudly when a delete fails for any reason but the expected condition failure (a store that cannot write)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const own = await startTestDynamoDB([tables.Idempotency], tempDir());
    try {
      await own.doc.send(new PutCommand({ TableName: Idempotency, Item: { id: 'expired', expiration: now - 60 } }));
      // A store that can no longer write (its journal closed under the sweep): the delete fails, and
      // the sweep says so instead of reporting nothing expired.
      await own.server.engine.store.journal!.close();
      await expect(own.server.ttlSweeper.sweep()).rejects.toThrow('the local DynamoDB store is closed');
    } finally {
      await own.close().catch(() => undefined);
    }
  });
});

describe('change feed', () => {
  it('emits INSERT, MODIFY and REMOVE with keys and old and new images, in commit order', async () => {
    await db.doc.send(new PutCommand({ TableName: Orders, Item: { id: 'f1', status: 'PLACED', userId: 'u', createdAt: 't' } }));
    await db.doc.send(new UpdateCommand({ TableName: Orders, Key: { id: 'f1' }, UpdateExpression: 'SET #s = :s',
      ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': 'PACKING' } }));
    await db.doc.send(new DeleteCommand({ TableName: Orders, Key: { id: 'f1' } }));
    expect(records.map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
    expect(records[1].dynamodb.OldImage?.status).toEqual({ S: 'PLACED' });
    expect(records[1].dynamodb.NewImage?.status).toEqual({ S: 'PACKING' });
    expect(records[2].dynamodb.NewImage).toBeUndefined();
    expect(records.every((r) => r.userIdentity === undefined)).toBe(true);
    const sequence = records.map((r) => BigInt(r.dynamodb.SequenceNumber));
    expect(sequence).toEqual([...sequence].sort((a, b) => (a < b ? -1 : 1)));
  });

  it('emits nothing for a write that changes nothing, or a failed one', async () => {
    const item = { id: 'f2', status: 'PLACED', userId: 'u', createdAt: 't' };
    await db.doc.send(new PutCommand({ TableName: Orders, Item: item }));
    records.length = 0;
    await db.doc.send(new PutCommand({ TableName: Orders, Item: item }));
    await db.doc.send(new PutCommand({ TableName: Orders, Item: item, ConditionExpression: 'attribute_not_exists(id)' })).catch(() => undefined);
    expect(records).toEqual([]);
  });

  it('emits one record per item of a committed transaction, none for a cancelled one', async () => {
    await db.doc.send(new TransactWriteCommand({ TransactItems: [
      { Put: { TableName: Orders, Item: { id: 'f3', status: 'PLACED', userId: 'u', createdAt: 't' } } },
      { Put: { TableName: Idempotency, Item: { id: 'f3#store', status: 'COMPLETED' } } },
    ] }));
    await db.doc.send(new TransactWriteCommand({ TransactItems: [
      { Put: { TableName: Orders, Item: { id: 'f4', status: 'PLACED', userId: 'u', createdAt: 't' } } },
      { ConditionCheck: { TableName: Orders, Key: { id: 'f3' }, ConditionExpression: 'attribute_not_exists(id)' } },
    ] })).catch(() => undefined);
    expect(records.map((r) => [r.tableName, r.eventName, r.dynamodb.Keys])).toEqual([
      [Orders, 'INSERT', { id: { S: 'f3' } }],
      [Idempotency, 'INSERT', { id: { S: 'f3#store' } }],
    ]);
  });
});
