// The local DynamoDB endpoint: the DynamoDB JSON protocol (`x-amz-target: DynamoDB_20120810.<Op>`,
// application/x-amz-json-1.0) over HTTP, so the AWS SDK and CLI work against it with `endpoint` set.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import type { ChangeFeed } from './change-feed.ts';
import { DynamoDBEngine } from './engine.ts';
import { errors, isDynamoDBError, type DynamoDBError } from './errors.ts';
import { TtlSweeper } from './ttl-sweeper.ts';
import { listen } from '../http/listen.ts';

const MAX_REQUEST_BYTES = 16 * 1024 * 1024;
const TARGET_PREFIX = 'DynamoDB_20120810.';

export interface DynamoDBOptions {
  readonly port?: number;
  readonly host?: string;
  /** Directory for the store; omitted: in memory (tests). */
  readonly dataDir?: string;
  readonly region?: string;
  /** How often expired items are swept (AWS: within days; here: within a minute). */
  readonly ttlSweepIntervalMs?: number;
}

export interface LocalDynamoDB {
  readonly endpoint: string;
  readonly port: number;
  readonly engine: DynamoDBEngine;
  readonly changeFeed: ChangeFeed;
  readonly ttlSweeper: TtlSweeper;
  close(): Promise<void>;
}

export async function startDynamoDB(options: DynamoDBOptions = {}): Promise<LocalDynamoDB> {
  const dir = options.dataDir ? path.join(options.dataDir, 'dynamodb') : undefined;
  if (dir) mkdirSync(dir, { recursive: true });
  const engine = new DynamoDBEngine({
    path: dir && path.join(dir, 'store'),
    ttlSettingsFile: dir && path.join(dir, 'ttl.json'),
    region: options.region ?? 'us-east-1',
  });
  await engine.execute('ListTables', {}); // opens the store now, so a locked or broken one fails at start
  const sweeper = new TtlSweeper(engine, options.ttlSweepIntervalMs ?? 10_000);
  sweeper.start();

  const server = http.createServer((req, res) => { void handle(engine, req, res); });
  server.keepAliveTimeout = 65_000;
  const port = await listen(server, options.port ?? 8000, options.host ?? '127.0.0.1', 'DynamoDB (DDB_PORT)').catch(async (err: unknown) => {
    await sweeper.stop();
    await engine.close();
    throw err;
  });
  const endpoint = `http://${options.host ?? '127.0.0.1'}:${port}`;
  return {
    endpoint, port, engine, changeFeed: engine.changeFeed, ttlSweeper: sweeper,
    async close() {
      await sweeper.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await engine.close();
    },
  };
}

async function handle(engine: DynamoDBEngine, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  res.setHeader('x-amzn-RequestId', randomBytes(39).toString('base64').toUpperCase().replace(/[+/]/g, '0'));
  if (req.method === 'GET') return send(res, 200, 'healthy: dynamodb.us-east-1.amazonaws.com ', 'text/plain');
  try {
    const body = await readBody(req);
    if (body === undefined) return send(res, 413, '');
    const operation = String(req.headers['x-amz-target'] ?? '');
    if (req.method !== 'POST' || !operation.startsWith(TARGET_PREFIX)) throw errors.unknownOperation();
    if (!String(req.headers.authorization ?? '').startsWith('AWS4-')) throw errors.missingAuthentication();
    let request: unknown;
    try {
      request = JSON.parse(body);
    } catch {
      throw errors.serialization();
    }
    if (request === null || typeof request !== 'object' || Array.isArray(request)) throw errors.serialization();
    const result = await engine.execute(operation.slice(TARGET_PREFIX.length), request as Record<string, unknown>);
    sendJson(res, 200, result);
  } catch (err) {
    const failure: DynamoDBError = isDynamoDBError(err) ? err : errors.internal();
    if (!isDynamoDBError(err)) console.error('[dynamodb] request failed', err);
    sendJson(res, failure.statusCode, failure.body);
  }
}

function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_REQUEST_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/x-amz-json-1.0');
}

function send(res: http.ServerResponse, status: number, body: string, contentType?: string): void {
  const bytes = Buffer.from(body, 'utf8');
  res.statusCode = status;
  res.setHeader('x-amz-crc32', String(crc32(bytes)));
  if (contentType) res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', bytes.length);
  res.end(bytes);
}
