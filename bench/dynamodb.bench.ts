// Local DynamoDB endpoint as `npm start` runs it: on its own thread, journalled to a data directory
// (every acknowledged write on disk), reached through @aws-sdk/client-dynamodb over loopback HTTP as
// an outside client would. Figures, each labelled: GetItem latency with one client in sequence;
// PutItem and TransactWriteItems throughput (operations/s) at 32 clients, with their latency.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient, GetItemCommand, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { tables } from '../infra/tables.ts';
import { localClientConfig } from '../local/aws/client-config.ts';
import { ensureTables } from '../local/dynamodb/create-tables.ts';
import { startDynamoDBThread } from '../local/dynamodb/worker-host.ts';
import { Latencies, printTable, runConcurrent, writeResults } from './lib/report.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'bigsmokes-bench-ddb-'));
const thread = await startDynamoDBThread({ port: 0, dataDir });
const client = new DynamoDBClient(localClientConfig(thread.endpoint));
const Products = tables.Products.tableName;
const Inventory = tables.Inventory.tableName;
try {
  await ensureTables(thread.endpoint, [tables.Products, tables.Inventory]);
  await client.send(new PutItemCommand({ TableName: Products, Item: { id: { S: 'bench' }, name: { S: 'Bench Robusto' }, category: { S: 'Robusto' } } }));
  for (let i = 0; i < 500; i += 1) await client.send(new GetItemCommand({ TableName: Products, Key: { id: { S: 'bench' } } })); // warm-up

  const get = new Latencies();
  for (let i = 0; i < 5000; i += 1) {
    const t = process.hrtime.bigint();
    await client.send(new GetItemCommand({ TableName: Products, Key: { id: { S: 'bench' } } }));
    get.record(t);
  }
  const put = await runConcurrent(32, 10_000, (i) => client.send(new PutItemCommand({
    TableName: Products, Item: { id: { S: `p${i}` }, name: { S: `Product ${i}` }, category: { S: 'Toro' } } })));
  for (let p = 0; p < 64; p += 1) {
    await client.send(new PutItemCommand({ TableName: Inventory, Item: { pk: { S: `PRODUCT#${p}` }, sk: { S: 'REGION#us-east-1' }, available: { N: '1000000' } } }));
  }
  const transact = await runConcurrent(32, 5_000, (i) => client.send(new TransactWriteItemsCommand({ TransactItems: [
    { Update: { TableName: Inventory, Key: { pk: { S: `PRODUCT#${i % 64}` }, sk: { S: 'REGION#us-east-1' } },
      UpdateExpression: 'SET available = available - :q', ConditionExpression: 'available >= :q', ExpressionAttributeValues: { ':q': { N: '1' } } } },
    { Update: { TableName: Inventory, Key: { pk: { S: `PRODUCT#${(i + 7) % 64}` }, sk: { S: 'REGION#us-east-1' } },
      UpdateExpression: 'SET available = available - :q', ConditionExpression: 'available >= :q', ExpressionAttributeValues: { ':q': { N: '1' } } } },
    { Put: { TableName: Inventory, Item: { pk: { S: `ORDER#${i}` }, sk: { S: 'RESERVATION' } } } },
  ] })));

  const results = {
    store: 'as npm start runs it: its own worker thread, journalled to a data directory (durable: every acknowledged write appended before the answer)',
    client: '@aws-sdk/client-dynamodb over loopback HTTP',
    getItem1Client: { figure: 'latency', what: 'one client, 5,000 GetItems in sequence', ...get.summary() },
    putItem32Clients: { figure: 'throughput (and the latency of each request under that load)', what: '32 clients, 10,000 PutItems', ...put },
    transactWriteItems32Clients: { figure: 'throughput (and the latency of each request under that load)', what: '32 clients, 5,000 transactions of 3 items', ...transact, itemsPerTransaction: 3 },
  };
  const file = writeResults('dynamodb', results);
  printTable([
    { operation: 'GetItem, 1 client (latency)', 'ops/s': '-', 'p50 ms': results.getItem1Client.p50Ms, 'p99 ms': results.getItem1Client.p99Ms, errors: 0 },
    { operation: 'PutItem, 32 clients (throughput)', 'ops/s': put.opsPerSecond, 'p50 ms': put.latency.p50Ms, 'p99 ms': put.latency.p99Ms, errors: put.errors },
    { operation: 'TransactWriteItems ×3, 32 clients (throughput)', 'ops/s': transact.opsPerSecond, 'p50 ms': transact.latency.p50Ms, 'p99 ms': transact.latency.p99Ms, errors: transact.errors },
  ]);
  console.log(`journalled, on its own thread; written to ${file}`);
} finally {
  client.destroy();
  await thread.close();
  rmSync(dataDir, { recursive: true, force: true });
}
