// TransactWriteItems and TransactGetItems on the local endpoint, per
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html and
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html
import { IdempotentParameterMismatchException, TransactionCanceledException, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactGetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { tables } from '../../../infra/tables.ts';
import { rejectionOf } from '../../support/rejection.ts';
import { startTestDynamoDB, type TestDynamoDB } from '../../support/local-dynamodb.ts';

const Inventory = tables.Inventory.tableName;
let db: TestDynamoDB;

beforeAll(async () => { db = await startTestDynamoDB([tables.Inventory]); });
afterAll(async () => { await db.close(); });

async function stock(pk: string): Promise<Record<string, unknown> | undefined> {
  return (await db.doc.send(new GetCommand({ TableName: Inventory, Key: { pk, sk: 'REGION#us-east-1' } }))).Item;
}

async function putStock(pk: string, available: number): Promise<void> {
  await db.doc.send(new PutCommand({ TableName: Inventory, Item: { pk, sk: 'REGION#us-east-1', available } }));
}

function decrement(pk: string, by: number) {
  return { Update: { TableName: Inventory, Key: { pk, sk: 'REGION#us-east-1' }, UpdateExpression: 'SET available = available - :q',
    ConditionExpression: 'available >= :q', ExpressionAttributeValues: { ':q': by } } };
}

describe('TransactWriteItems', () => {
  it('applies every action when every condition holds (Put, Update, Delete, ConditionCheck)', async () => {
    await putStock('PRODUCT#a', 5);
    await putStock('PRODUCT#gone', 1);
    await db.doc.send(new TransactWriteCommand({ TransactItems: [
      decrement('PRODUCT#a', 2),
      { Put: { TableName: Inventory, Item: { pk: 'ORDER#1', sk: 'RESERVATION', items: [{ productId: 'a', quantity: 2 }] } } },
      { Delete: { TableName: Inventory, Key: { pk: 'PRODUCT#gone', sk: 'REGION#us-east-1' } } },
      { ConditionCheck: { TableName: Inventory, Key: { pk: 'PRODUCT#a', sk: 'REGION#eu-west-1' }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ] }));
    expect((await stock('PRODUCT#a'))?.available).toBe(3);
    expect(await stock('PRODUCT#gone')).toBeUndefined();
    const reservation = await db.doc.send(new GetCommand({ TableName: Inventory, Key: { pk: 'ORDER#1', sk: 'RESERVATION' } }));
    expect(reservation.Item?.items).toEqual([{ productId: 'a', quantity: 2 }]);
  });

  it('cancels with one reason per action in request order and leaves every item untouched', async () => {
    await putStock('PRODUCT#b', 10);
    await putStock('PRODUCT#c', 1);
    const failure = await db.doc.send(new TransactWriteCommand({ TransactItems: [
      decrement('PRODUCT#b', 4),
      { Put: { TableName: Inventory, Item: { pk: 'ORDER#2', sk: 'RESERVATION' } } },
      { ...decrement('PRODUCT#c', 2), Update: { ...decrement('PRODUCT#c', 2).Update, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
    ] })).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(TransactionCanceledException);
    const reasons = (failure as TransactionCanceledException).CancellationReasons ?? [];
    expect(reasons.map((r) => r.Code)).toEqual(['None', 'None', 'ConditionalCheckFailed']);
    expect(reasons[2].Item).toMatchObject({ available: { N: '1' } });
    expect((await stock('PRODUCT#b'))?.available).toBe(10);
    expect((await stock('PRODUCT#c'))?.available).toBe(1);
    expect((await db.doc.send(new GetCommand({ TableName: Inventory, Key: { pk: 'ORDER#2', sk: 'RESERVATION' } }))).Item).toBeUndefined();
  });

  it('restores applied actions when a later update cannot be applied (reason ValidationError)', async () => {
    await putStock('PRODUCT#d', 7);
    await db.doc.send(new PutCommand({ TableName: Inventory, Item: { pk: 'PRODUCT#e', sk: 'REGION#us-east-1', available: 'seven' } }));
    const failure = await db.doc.send(new TransactWriteCommand({ TransactItems: [
      decrement('PRODUCT#d', 1),
      { Update: { TableName: Inventory, Key: { pk: 'PRODUCT#e', sk: 'REGION#us-east-1' }, UpdateExpression: 'SET available = available - :q', ExpressionAttributeValues: { ':q': 1 } } },
    ] })).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(TransactionCanceledException);
    expect((failure as TransactionCanceledException).CancellationReasons?.map((r) => r.Code)).toEqual(['None', 'ValidationError']);
    expect((await stock('PRODUCT#d'))?.available).toBe(7);
  });

  it('lets exactly 10 of 50 concurrent decrements of a stock of 10 succeed, never below 0', async () => {
    await putStock('PRODUCT#hot', 10);
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => db.doc.send(new TransactWriteCommand({ TransactItems: [
      decrement('PRODUCT#hot', 1),
      { Put: { TableName: Inventory, Item: { pk: `ORDER#hot-${i}`, sk: 'RESERVATION' } } },
    ] }))));
    const succeeded = results.filter((r) => r.status === 'fulfilled');
    const cancelled = results.filter((r) => r.status === 'rejected' && r.reason instanceof TransactionCanceledException);
    expect(succeeded).toHaveLength(10);
    expect(cancelled).toHaveLength(40);
    expect((await stock('PRODUCT#hot'))?.available).toBe(0);
  });

  it('refuses two actions on one item with ValidationException and applies neither', async () => {
    await putStock('PRODUCT#twice', 3);
    const err = await rejectionOf(db.doc.send(new TransactWriteCommand({ TransactItems: [decrement('PRODUCT#twice', 1), decrement('PRODUCT#twice', 1)] })));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toMatch(/multiple operations on one item/);
    expect((await stock('PRODUCT#twice'))?.available).toBe(3);
  });

  it('refuses more than 100 actions with ValidationException and applies none', async () => {
    const err = await rejectionOf(db.doc.send(new TransactWriteCommand({ TransactItems: Array.from({ length: 101 }, (_, i) => (
      { Put: { TableName: Inventory, Item: { pk: `BIG#${i}`, sk: 'X' } } })) })));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toMatch(/less than or equal to 100/);
    expect((await db.doc.send(new GetCommand({ TableName: Inventory, Key: { pk: 'BIG#0', sk: 'X' } }))).Item).toBeUndefined();
  });

  it('treats a repeated ClientRequestToken as the same request, and a changed body as IdempotentParameterMismatch', async () => {
    await putStock('PRODUCT#token', 5);
    const request = { ClientRequestToken: 'token-1', TransactItems: [decrement('PRODUCT#token', 2)] };
    await db.doc.send(new TransactWriteCommand(request));
    await db.doc.send(new TransactWriteCommand(request));
    expect((await stock('PRODUCT#token'))?.available).toBe(3);
    await expect(db.doc.send(new TransactWriteCommand({ ClientRequestToken: 'token-1', TransactItems: [decrement('PRODUCT#token', 1)] })))
      .rejects.toBeInstanceOf(IdempotentParameterMismatchException);
    expect((await stock('PRODUCT#token'))?.available).toBe(3);
  });
});

// Recorded: localstack's AWS-validated snapshot test_dynamodb_idempotent_writing; "the same
// parameters" per API_TransactWriteItems.html (ClientRequestToken) are the same members, in any order.
it('answers a repeat whose item lists its attributes in another order as the first request, not IdempotentParameterMismatch', async () => {
  const put = (Item: Record<string, { S: string }>) => db.client.send(new TransactWriteItemsCommand({
    ClientRequestToken: 'dedupe_token', TransactItems: [{ Put: { TableName: Inventory, Item } }],
  }));
  const first = await put({ pk: { S: 'ORDER#dedupe' }, sk: { S: 'RESERVATION' } });
  const second = await put({ sk: { S: 'RESERVATION' }, pk: { S: 'ORDER#dedupe' } });
  const { $metadata: _first, ...firstAnswer } = first;
  const { $metadata: _second, ...secondAnswer } = second;
  expect(secondAnswer).toEqual(firstAnswer);
  const item = await db.doc.send(new GetCommand({ TableName: Inventory, Key: { pk: 'ORDER#dedupe', sk: 'RESERVATION' } }));
  expect(item.Item).toEqual({ pk: 'ORDER#dedupe', sk: 'RESERVATION' });
});

// API_TransactWriteItems.html: a repeat while the first is still running is
// TransactionInProgressException; either way the transaction is applied once.
it('applies concurrent repeats of one ClientRequestToken once, the others answering as the first or TransactionInProgress', async () => {
  await putStock('PRODUCT#inflight', 10);
  const request = { ClientRequestToken: 'inflight-1', TransactItems: [decrement('PRODUCT#inflight', 1)] };
  const results = await Promise.allSettled(Array.from({ length: 8 }, () => db.doc.send(new TransactWriteCommand(request))));
  for (const result of results) {
    if (result.status === 'rejected') expect((result.reason as Error).name).toBe('TransactionInProgressException');
  }
  expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
  expect((await stock('PRODUCT#inflight'))?.available).toBe(9);
});

describe('TransactGetItems', () => {
  it('returns the items in request order, with an empty response for a missing one', async () => {
    await putStock('PRODUCT#g1', 1);
    await putStock('PRODUCT#g2', 2);
    const { Responses } = await db.doc.send(new TransactGetCommand({ TransactItems: [
      { Get: { TableName: Inventory, Key: { pk: 'PRODUCT#g2', sk: 'REGION#us-east-1' } } },
      { Get: { TableName: Inventory, Key: { pk: 'PRODUCT#none', sk: 'REGION#us-east-1' } } },
      { Get: { TableName: Inventory, Key: { pk: 'PRODUCT#g1', sk: 'REGION#us-east-1' } } },
    ] }));
    expect(Responses?.map((r) => r.Item?.available)).toEqual([2, undefined, 1]);
  });

  it('never sees a concurrent transaction half applied', async () => {
    await putStock('PRODUCT#left', 100);
    await putStock('PRODUCT#right', 0);
    const move = (i: number) => db.doc.send(new TransactWriteCommand({ ClientRequestToken: `move-${i}`, TransactItems: [
      decrement('PRODUCT#left', 1),
      { Update: { TableName: Inventory, Key: { pk: 'PRODUCT#right', sk: 'REGION#us-east-1' }, UpdateExpression: 'SET available = available + :q', ExpressionAttributeValues: { ':q': 1 } } },
    ] }));
    const read = () => db.doc.send(new TransactGetCommand({ TransactItems: [
      { Get: { TableName: Inventory, Key: { pk: 'PRODUCT#left', sk: 'REGION#us-east-1' } } },
      { Get: { TableName: Inventory, Key: { pk: 'PRODUCT#right', sk: 'REGION#us-east-1' } } },
    ] }));
    const work: Promise<unknown>[] = [];
    const sums: Promise<number>[] = [];
    for (let i = 0; i < 30; i += 1) {
      work.push(move(i));
      sums.push(read().then(({ Responses }) => Number(Responses?.[0].Item?.available) + Number(Responses?.[1].Item?.available)));
    }
    await Promise.all(work);
    expect(new Set(await Promise.all(sums))).toEqual(new Set([100]));
  });
});
