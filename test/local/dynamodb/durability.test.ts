// Data under the data directory survives a clean restart and a kill -9 of the process.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { startTestDynamoDB } from '../../support/local-dynamodb.ts';
import { tempDirs } from '../../support/temp-dirs.ts';

const dataDir = tempDirs('bigsmokes-ddb-');

it('keeps items and TTL settings across a clean restart', async () => {
  const dir = dataDir();
  const first = await startTestDynamoDB(undefined, dir);
  await first.doc.send(new PutCommand({ TableName: 'bigsmokes-products', Item: { id: 'p1', name: 'Robusto', category: 'cigars' } }));
  await first.close();
  const second = await startTestDynamoDB(undefined, dir);
  try {
    expect((await second.doc.send(new GetCommand({ TableName: 'bigsmokes-products', Key: { id: 'p1' } }))).Item?.name).toBe('Robusto');
    const ttl = await second.client.send(new DescribeTimeToLiveCommand({ TableName: 'bigsmokes-idempotency' }));
    expect(ttl.TimeToLiveDescription?.TimeToLiveStatus).toBe('ENABLED');
  } finally {
    await second.close();
  }
});

it('keeps every acknowledged write after the process is killed with SIGKILL', async () => {
  const dir = dataDir();
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'fixtures/write-then-hang.ts'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => { if (chunk.toString().includes('written')) resolve(); });
    child.on('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  const reopened = await startTestDynamoDB(undefined, dir);
  try {
    const { Items } = await reopened.doc.send(new ScanCommand({ TableName: 'bigsmokes-orders' }));
    expect(Items?.map((item) => item.id).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `k${i}`).sort());
  } finally {
    await reopened.close();
  }
});
