// The local DynamoDB endpoint on its own thread (what `npm start` runs): the same endpoint, data
// kept across a close and a new start, and a taken port reported from the thread.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { tables } from '../../../infra/tables.ts';
import { localClientConfig } from '../../../local/aws/client-config.ts';
import { ensureTables } from '../../../local/dynamodb/create-tables.ts';
import { startDynamoDBThread } from '../../../local/dynamodb/worker-host.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'bigsmokes-ddb-thread-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('serves the DynamoDB API from its thread and keeps the data across a restart', async () => {
  const first = await startDynamoDBThread({ port: 0, dataDir });
  await ensureTables(first.endpoint, [tables.Products]);
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(first.endpoint)));
  await doc.send(new PutCommand({ TableName: tables.Products.tableName, Item: { id: 'p1', name: 'Lancero', category: 'Lancero' } }));
  doc.destroy();
  await first.close();

  const second = await startDynamoDBThread({ port: 0, dataDir });
  const again = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(second.endpoint)));
  try {
    expect((await again.send(new GetCommand({ TableName: tables.Products.tableName, Key: { id: 'p1' } }))).Item?.name).toBe('Lancero');
  } finally {
    again.destroy();
    await second.close();
  }
});

it('reports a taken port from the thread, naming it', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as { port: number }).port;
  try {
    await expect(startDynamoDBThread({ port })).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use`);
  } finally {
    blocker.close();
  }
});
