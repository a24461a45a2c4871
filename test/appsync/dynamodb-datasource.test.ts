// The AMAZON_DYNAMODB data source on its own, request objects as the helpers build them, against
// the local DynamoDB (https://docs.aws.amazon.com/appsync/latest/devguide/js-resolver-reference-dynamodb.html),
// reached both ways the platform reaches it: through an SDK client, and (under `npm start`) with
// direct calls to the engine on its thread, which must behave the same.
import vm from 'node:vm';
import { tables } from '../../infra/tables.ts';
import { dynamodbDataSource } from '../../local/appsync/datasources/dynamodb.ts';
import { DataSourceRequestError } from '../../local/appsync/datasources/types.ts';
import { dynamodbHelpers } from '../../local/appsync/runtime/dynamodb-helpers.ts';
import { ensureTables } from '../../local/dynamodb/create-tables.ts';
import { sdkCall, type DynamoDBCall } from '../../local/dynamodb/direct-call.ts';
import { startDynamoDBThread } from '../../local/dynamodb/worker-host.ts';
import { startTestDynamoDB } from '../support/local-dynamodb.ts';

// The helpers as untyped resolver code calls them (their declared generics want a model type).
type Loose = { [K in keyof typeof dynamodbHelpers]: K extends 'operations' ? (typeof dynamodbHelpers)[K] : (payload: object) => unknown };
const ddb = dynamodbHelpers as unknown as Loose;
const Products = tables.Products.tableName;

interface Backend { readonly call: DynamoDBCall; close(): Promise<void> }
const backends: [string, () => Promise<Backend>][] = [
  ['through an SDK client', async () => {
    const db = await startTestDynamoDB([tables.Products]);
    return { call: sdkCall(db.client), close: () => db.close() };
  }],
  ['with direct calls to the engine thread', async () => {
    const thread = await startDynamoDBThread({ port: 0 });
    await ensureTables(thread.endpoint, [tables.Products]);
    return { call: thread.call, close: () => thread.close() };
  }],
];

describe.each(backends)('%s', (_how, start) => {
  let backend: Backend;
  let products: ReturnType<typeof dynamodbDataSource>;
  beforeAll(async () => {
    backend = await start();
    products = dynamodbDataSource(backend.call, Products);
  });
  afterAll(async () => {
    await backend.close();
  });

  test('PutItem returns the item; numbers come back as numbers', async () => {
    const out = await products(ddb.put({ key: { id: 'a' }, item: { name: 'A', category: 'c', n: 1.5 } }));
    expect(out).toEqual({ result: { id: 'a', name: 'A', category: 'c', n: 1.5 } });
  });

  test('null attributes (util.dynamodb writes { NULL: null }) are stored as DynamoDB NULL and read back as null', async () => {
    await products(ddb.put({ key: { id: 'nul' }, item: { name: 'N', category: 'c', description: null, tags: [null] } }));
    expect((await products(ddb.get({ key: { id: 'nul' } }))).result).toEqual({ id: 'nul', name: 'N', category: 'c', description: null, tags: [null] });
  });

  test('a failed condition whose stored item already is the wanted one counts as success (condition-expressions: "Handling a condition check failure")', async () => {
    const request = ddb.put({ key: { id: 'same' }, item: { name: 'S', category: 'c' }, condition: { id: { attributeExists: false } } });
    expect((await products(request)).error).toBeUndefined();
    expect(await products(request)).toEqual({ result: { id: 'same', name: 'S', category: 'c' } });
    const different = await products(ddb.put({ key: { id: 'same' }, item: { name: 'Other', category: 'c' }, condition: { id: { attributeExists: false } } }));
    expect(different.error?.type).toBe('DynamoDB:ConditionalCheckFailedException');
    expect(different.result).toEqual({ id: 'same', name: 'S', category: 'c' });
  });

  test('a retried put whose request was built in the resolver VM (another realm, other prototypes) still counts as applied', async () => {
    const request = vm.runInNewContext(`({ operation: 'PutItem', key: { id: { S: 'realm' } }, attributeValues: { name: { S: 'R' }, category: { S: 'c' } },
      condition: { expression: 'attribute_not_exists(#id)', expressionNames: { '#id': 'id' } } })`) as Record<string, unknown>;
    expect((await products(request)).error).toBeUndefined();
    expect(await products(request)).toEqual({ result: { id: 'realm', name: 'R', category: 'c' } });
  });

  test('binary attributes come back as the base64 text they were written as', async () => {
    await products({ operation: 'PutItem', key: { id: { S: 'bin' } }, attributeValues: { name: { S: 'B' }, category: { S: 'c' }, blob: { B: 'AQID' } } });
    expect((await products(ddb.get({ key: { id: 'bin' } }))).result).toMatchObject({ blob: 'AQID' });
  });

  test('UpdateItem returns the new item; DeleteItem the old one', async () => {
    await products(ddb.put({ key: { id: 'u' }, item: { name: 'U', category: 'c', count: 1, tags: ['x'] } }));
    const updated = await products(ddb.update({ key: { id: 'u' }, update: { count: ddb.operations.increment(4), tags: ddb.operations.append(['y']), name: ddb.operations.remove() } }));
    expect(updated.result).toEqual({ id: 'u', category: 'c', count: 5, tags: ['x', 'y'] });
    expect((await products(ddb.remove({ key: { id: 'u' } }))).result).toEqual({ id: 'u', category: 'c', count: 5, tags: ['x', 'y'] });
    expect((await products(ddb.get({ key: { id: 'u' } }))).result).toBeNull();
  });

  test('Scan with a filter and a projection', async () => {
    await products(ddb.put({ key: { id: 's1' }, item: { name: 'Scan me', category: 'scan', price: 5 } }));
    await products(ddb.put({ key: { id: 's2' }, item: { name: 'Not me', category: 'scan', price: 50 } }));
    const out = await products(ddb.scan({ filter: { category: { eq: 'scan' }, price: { lt: 10 } }, projection: ['id', 'name'] }));
    expect(out.result).toEqual({ items: [{ id: 's1', name: 'Scan me' }], nextToken: null, scannedCount: expect.any(Number) });
  });

  test('BatchPutItem, BatchGetItem (key order, null for a missing key), BatchDeleteItem', async () => {
    const put = await products(ddb.batchPut({ tables: { [Products]: [{ id: 'b1', name: 'B1', category: 'b' }, { id: 'b2', name: 'B2', category: 'b' }] } }));
    expect(put.result).toEqual({ data: { [Products]: [{ id: 'b1', name: 'B1', category: 'b' }, { id: 'b2', name: 'B2', category: 'b' }] }, unprocessedItems: { [Products]: [] } });
    const got = await products(ddb.batchGet({ tables: { [Products]: { keys: [{ id: 'b2' }, { id: 'missing' }, { id: 'b1' }] } } }));
    expect(got.result).toEqual({ data: { [Products]: [{ id: 'b2', name: 'B2', category: 'b' }, null, { id: 'b1', name: 'B1', category: 'b' }] }, unprocessedKeys: { [Products]: [] } });
    await products(ddb.batchDelete({ tables: { [Products]: [{ id: 'b1' }, { id: 'b2' }] } }));
    expect((await products(ddb.get({ key: { id: 'b1' } }))).result).toBeNull();
  });

  test('TransactGetItems', async () => {
    await products(ddb.put({ key: { id: 't1' }, item: { name: 'T1', category: 't' } }));
    const out = await products(ddb.transactGet({ items: [{ table: Products, key: { id: 't1' } }, { table: Products, key: { id: 'none' } }] }));
    expect(out.result).toEqual({ items: [{ id: 't1', name: 'T1', category: 't' }, null], cancellationReasons: null });
  });

  test('service errors go to ctx.error with the DynamoDB: prefix; an invalid request object throws', async () => {
    const bad = await products({ operation: 'GetItem', key: { nope: { S: 'x' } } });
    expect(bad.error?.type).toBe('DynamoDB:ValidationException');
    await expect(products({ operation: 'Teleport' })).rejects.toBeInstanceOf(DataSourceRequestError);
    await expect(products('GetItem')).rejects.toBeInstanceOf(DataSourceRequestError);
  });
});
