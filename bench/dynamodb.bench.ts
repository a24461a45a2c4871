// Local DynamoDB endpoint: GetItem latency (sequential), PutItem and TransactWriteItems throughput
// at 32 clients, through @aws-sdk/client-dynamodb over loopback HTTP as a real client would.
import { GetItemCommand, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { tables } from '../infra/tables.ts';
import { startTestDynamoDB } from '../test/support/local-dynamodb.ts';
import { Latencies, printTable, runConcurrent, writeResults } from './lib/report.ts';

const db = await startTestDynamoDB([tables.Products, tables.Inventory]);
const Products = tables.Products.tableName;
const Inventory = tables.Inventory.tableName;
try {
  await db.client.send(new PutItemCommand({ TableName: Products, Item: { id: { S: 'bench' }, name: { S: 'Bench Robusto' }, category: { S: 'Robusto' } } }));
  for (let i = 0; i < 500; i += 1) await db.client.send(new GetItemCommand({ TableName: Products, Key: { id: { S: 'bench' } } })); // warm-up

  const get = new Latencies();
  for (let i = 0; i < 5000; i += 1) {
    const t = process.hrtime.bigint();
    await db.client.send(new GetItemCommand({ TableName: Products, Key: { id: { S: 'bench' } } }));
    get.record(t);
  }
  const put = await runConcurrent(32, 10_000, (i) => db.client.send(new PutItemCommand({
    TableName: Products, Item: { id: { S: `p${i}` }, name: { S: `Product ${i}` }, category: { S: 'Toro' } } })));
  for (let p = 0; p < 64; p += 1) {
    await db.client.send(new PutItemCommand({ TableName: Inventory, Item: { pk: { S: `PRODUCT#${p}` }, sk: { S: 'REGION#us-east-1' }, available: { N: '1000000' } } }));
  }
  const transact = await runConcurrent(32, 5_000, (i) => db.client.send(new TransactWriteItemsCommand({ TransactItems: [
    { Update: { TableName: Inventory, Key: { pk: { S: `PRODUCT#${i % 64}` }, sk: { S: 'REGION#us-east-1' } },
      UpdateExpression: 'SET available = available - :q', ConditionExpression: 'available >= :q', ExpressionAttributeValues: { ':q': { N: '1' } } } },
    { Update: { TableName: Inventory, Key: { pk: { S: `PRODUCT#${(i + 7) % 64}` }, sk: { S: 'REGION#us-east-1' } },
      UpdateExpression: 'SET available = available - :q', ConditionExpression: 'available >= :q', ExpressionAttributeValues: { ':q': { N: '1' } } } },
    { Put: { TableName: Inventory, Item: { pk: { S: `ORDER#${i}` }, sk: { S: 'RESERVATION' } } } },
  ] })));

  const results = {
    getItemSequential: get.summary(),
    putItem32Clients: put,
    transactWriteItems32Clients: { ...transact, itemsPerTransaction: 3 },
  };
  const file = writeResults('dynamodb', results);
  printTable([
    { operation: 'GetItem (1 client)', 'ops/s': Math.round(1000 / results.getItemSequential.meanMs), 'p50 ms': results.getItemSequential.p50Ms, 'p99 ms': results.getItemSequential.p99Ms, errors: 0 },
    { operation: 'PutItem (32 clients)', 'ops/s': put.opsPerSecond, 'p50 ms': put.latency.p50Ms, 'p99 ms': put.latency.p99Ms, errors: put.errors },
    { operation: 'TransactWriteItems x3 (32 clients)', 'ops/s': transact.opsPerSecond, 'p50 ms': transact.latency.p50Ms, 'p99 ms': transact.latency.p99Ms, errors: transact.errors },
  ]);
  console.log(`written to ${file}`);
} finally {
  await db.close();
}
