// The in-process transport (local/aws/local-transport.ts): an SDK client that reaches a local
// endpoint without a socket must see exactly what it sees over HTTP: the same results, the same
// typed errors (API_PutItem's ConditionalCheckFailedException with ALL_OLD, API_GetItem's
// ResourceNotFoundException, a malformed request's ValidationException), the same checked CRC32;
// across the thread that runs the endpoint under `npm start`; and any other origin still goes over
// the network.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, ListTablesCommand, PutItemCommand, ResourceNotFoundException,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { tables } from '../../infra/tables.ts';
import { localClientConfig } from '../../local/aws/client-config.ts';
import { LocalTransport } from '../../local/aws/local-transport.ts';
import { ensureTables } from '../../local/dynamodb/create-tables.ts';
import { startDynamoDBThread, type DynamoDBThread } from '../../local/dynamodb/worker-host.ts';
import { startEventBus, type LocalEventBus } from '../../local/events/index.ts';
import { startStepFunctions, type LocalStepFunctions } from '../../local/stepfunctions/index.ts';

const Orders = tables.Orders.tableName;
const dataDir = mkdtempSync(path.join(tmpdir(), 'bigsmokes-transport-'));
const transport = new LocalTransport();
let dynamodb: DynamoDBThread;
let overHttp: DynamoDBClient;
let inProcess: DynamoDBClient;

beforeAll(async () => {
  dynamodb = await startDynamoDBThread({ port: 0, dataDir });
  await ensureTables(dynamodb.endpoint, [tables.Orders]);
  transport.register(dynamodb.endpoint, dynamodb.service);
  overHttp = new DynamoDBClient(localClientConfig(dynamodb.endpoint));
  inProcess = new DynamoDBClient(localClientConfig(dynamodb.endpoint, 'us-east-1', transport));
});

afterAll(async () => {
  overHttp.destroy();
  inProcess.destroy();
  transport.close();
  await dynamodb.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const order = (id: string, status: string) => ({
  id: { S: id }, userId: { S: 'u1' }, status: { S: status }, createdAt: { S: '2026-12-01T00:00:00Z' }, total: { N: '1250' },
});

describe('DynamoDB through the in-process transport', () => {
  it('writes and reads the same items as HTTP does, in both directions', async () => {
    await inProcess.send(new PutItemCommand({ TableName: Orders, Item: order('t1', 'PLACED') }));
    await overHttp.send(new PutItemCommand({ TableName: Orders, Item: order('t2', 'PACKING') }));
    const viaHttp = await overHttp.send(new GetItemCommand({ TableName: Orders, Key: { id: { S: 't1' } } }));
    const viaTransport = await inProcess.send(new GetItemCommand({ TableName: Orders, Key: { id: { S: 't2' } } }));
    expect(viaHttp.Item).toEqual(order('t1', 'PLACED'));
    expect(viaTransport.Item).toEqual(order('t2', 'PACKING'));
    expect(viaTransport.$metadata.httpStatusCode).toBe(200);
    expect(viaTransport.$metadata.requestId).toMatch(/^[A-Z0-9]{52}$/);
  });

  it('answers a failed condition with ConditionalCheckFailedException and the old item (ReturnValuesOnConditionCheckFailure ALL_OLD)', async () => {
    const put = () => new PutItemCommand({
      TableName: Orders, Item: order('t1', 'OTHER'), ConditionExpression: 'attribute_not_exists(id)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    const [http, local] = await Promise.all([overHttp.send(put()).catch((e: unknown) => e), inProcess.send(put()).catch((e: unknown) => e)]);
    expect(local).toBeInstanceOf(ConditionalCheckFailedException);
    expect((local as ConditionalCheckFailedException).Item).toEqual(order('t1', 'PLACED'));
    expect((local as Error).message).toBe((http as Error).message);
    expect((local as ConditionalCheckFailedException).$metadata.httpStatusCode).toBe(400);
  });

  it('answers an unknown table with ResourceNotFoundException and a malformed request with ValidationException, as over HTTP', async () => {
    const missing = new GetItemCommand({ TableName: 'no-such-table', Key: { id: { S: 'x' } } });
    await expect(inProcess.send(missing)).rejects.toBeInstanceOf(ResourceNotFoundException);
    const bad = () => new ScanCommand({ TableName: Orders, Limit: 0 });
    const [http, local] = await Promise.all([overHttp.send(bad()).catch((e: unknown) => e), inProcess.send(bad()).catch((e: unknown) => e)]);
    expect((local as Error).name).toBe('ValidationException');
    expect((local as Error).message).toBe((http as Error).message);
  });

  it('keeps answers in order under concurrency: 200 interleaved writes and reads each get their own answer', async () => {
    await Promise.all(Array.from({ length: 100 }, (_, i) => inProcess.send(new PutItemCommand({ TableName: Orders, Item: order(`c${i}`, `S${i}`) }))));
    const reads = await Promise.all(Array.from({ length: 100 }, (_, i) => inProcess.send(new GetItemCommand({ TableName: Orders, Key: { id: { S: `c${i}` } } }))));
    expect(reads.map((r) => r.Item?.status.S)).toEqual(Array.from({ length: 100 }, (_, i) => `S${i}`));
  });

  it('refuses requests once the endpoint has closed, as a refused connection', async () => {
    const other = await startDynamoDBThread({ port: 0 });
    const closing = new LocalTransport();
    closing.register(other.endpoint, other.service);
    const client = new DynamoDBClient({ ...localClientConfig(other.endpoint, 'us-east-1', closing), maxAttempts: 1 });
    await expect(client.send(new ListTablesCommand({}))).resolves.toMatchObject({ TableNames: [] });
    await other.close();
    await expect(client.send(new ListTablesCommand({}))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    client.destroy();
  });
});

describe('the other local endpoints and the network', () => {
  let stepFunctions: LocalStepFunctions;
  let events: LocalEventBus;
  beforeAll(async () => {
    stepFunctions = await startStepFunctions({ port: 0, workflows: [] });
    events = await startEventBus({ port: 0 });
    transport.register(stepFunctions.endpoint, stepFunctions.service);
    transport.register(events.endpoint, events.service);
  });
  afterAll(async () => {
    await stepFunctions.close();
    await events.close();
  });

  it('serves Step Functions (JSON 1.0) and EventBridge (JSON 1.1) without a socket', async () => {
    const sfn = new SFNClient(localClientConfig(stepFunctions.endpoint, 'us-east-1', transport));
    const bus = new EventBridgeClient(localClientConfig(events.endpoint, 'us-east-1', transport));
    await expect(sfn.send(new ListStateMachinesCommand({}))).resolves.toMatchObject({ stateMachines: [] });
    const put = await bus.send(new PutEventsCommand({ Entries: [{ Source: 'test', DetailType: 'T', Detail: '{}' }] }));
    expect(put.FailedEntryCount).toBe(0);
    expect(put.Entries?.[0].EventId).toBeDefined();
    sfn.destroy();
    bus.destroy();
  });

  it('sends requests for any other origin over the network', async () => {
    let seen: string | undefined;
    const server = createServer((req, res) => {
      seen = req.headers['x-amz-target'] as string;
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{"TableNames":["elsewhere"]}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = new DynamoDBClient(localClientConfig(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'us-east-1', transport));
    try {
      await expect(client.send(new ListTablesCommand({}))).resolves.toMatchObject({ TableNames: ['elsewhere'] });
      expect(seen).toBe('DynamoDB_20120810.ListTables');
    } finally {
      client.destroy();
      server.close();
    }
  });
});
