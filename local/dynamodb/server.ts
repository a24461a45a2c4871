// The local DynamoDB endpoint: the DynamoDB JSON protocol (protocol.ts) over HTTP, so the AWS SDK
// and CLI work against it with `endpoint` set, and the same service for the in-process transport.
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { ChangeFeed } from './change-feed.ts';
import { DynamoDBEngine } from './engine.ts';
import { dynamodbService, MAX_REQUEST_BYTES, tooLarge } from './protocol.ts';
import { TtlSweeper } from './ttl-sweeper.ts';
import { Replicator, type ReplicationOptions } from './replication/replicator.ts';
import type { LocalCredentials } from '../aws/sigv4.ts';
import { httpAdapter, type LocalService } from '../http/exchange.ts';
import { listen } from '../http/listen.ts';

export interface DynamoDBOptions {
  readonly port?: number;
  readonly host?: string;
  /** Directory for the store; omitted: in memory (tests). */
  readonly dataDir?: string;
  readonly region?: string;
  /** How often expired items are swept (AWS: within days; here: within a minute). */
  readonly ttlSweepIntervalMs?: number;
  /** The access key callers sign with (default: the README's `local` / `local`). */
  readonly credentials?: LocalCredentials;
  /** This store as one replica of global tables (several local regions, replication/replicator.ts). */
  readonly replication?: ReplicationOptions;
}

export interface LocalDynamoDB {
  readonly endpoint: string;
  readonly port: number;
  readonly engine: DynamoDBEngine;
  readonly changeFeed: ChangeFeed;
  readonly ttlSweeper: TtlSweeper;
  readonly replicator?: Replicator;
  /** The endpoint's protocol handling, for the in-process transport. */
  readonly service: LocalService;
  close(): Promise<void>;
}

export async function startDynamoDB(options: DynamoDBOptions = {}): Promise<LocalDynamoDB> {
  const dir = options.dataDir ? path.join(options.dataDir, 'dynamodb') : undefined;
  if (dir) mkdirSync(dir, { recursive: true });
  const engine = await DynamoDBEngine.open({
    path: dir && path.join(dir, 'journal'),
    legacyLevelDbPath: dir && path.join(dir, 'store'),
    ttlSettingsFile: dir && path.join(dir, 'ttl.json'),
    region: options.region ?? 'us-east-1',
  });
  await engine.execute('ListTables', {}); // opens the store now, so a locked or broken one fails at start
  const sweeper = new TtlSweeper(engine, options.ttlSweepIntervalMs ?? 10_000);
  sweeper.start();

  const replicator = options.replication && new Replicator(engine, options.region ?? 'us-east-1', options.replication);
  const service = dynamodbService(engine, options.region ?? 'us-east-1', options.credentials, replicator);
  const server = http.createServer(httpAdapter(service, { maxBodyBytes: MAX_REQUEST_BYTES, tooLarge }));
  server.keepAliveTimeout = 65_000;
  const port = await listen(server, options.port ?? 8000, options.host ?? '127.0.0.1', 'DynamoDB (DDB_PORT)').catch(async (err: unknown) => {
    replicator?.close();
    await sweeper.stop();
    await engine.close();
    throw err;
  });
  const endpoint = `http://${options.host ?? '127.0.0.1'}:${port}`;
  return {
    endpoint, port, engine, changeFeed: engine.changeFeed, ttlSweeper: sweeper, service, replicator,
    async close() {
      replicator?.close();
      await sweeper.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await engine.close();
    },
  };
}
