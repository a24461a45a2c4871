// Local AppSync: a `product`-like query (one GetItem through an APPSYNC_JS unit resolver) at 1, 16
// and 32 clients, next to a bare Node HTTP server doing the same GetItem on the same local
// DynamoDB store. The servers run in a child process, the load generator (keep-alive fetch loops
// timed with hdr-histogram, bench/lib/report.ts) in this one,
// so the two do not share an event loop. The machine is shared, so each measurement alternates the
// two servers over several rounds and reports the median round. Writes bench/results/appsync.json.
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { tables } from '../infra/tables.ts';
import { startTestDynamoDB } from '../test/support/local-dynamodb.ts';
import { startAppSync } from '../local/appsync/server.ts';
import { fromItem } from '../local/appsync/runtime/dynamodb-values.ts';
import { fixtureResolverMap } from '../test/appsync/fixtures/resolver-map.ts';
import { printTable, writeResults, runConcurrent } from './lib/report.ts';

const API_KEY = 'da2-benchbenchbenchbenchbenchbe';
const query = JSON.stringify({ query: 'query Product($id: ID!) { item(id: $id) { id name category price { amount currency } } }', variables: { id: 'bench' } });
const clientCounts = [1, 16, 32];
const requestsPerRound = Number(process.env.BENCH_REQUESTS ?? 2000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const headers = { 'content-type': 'application/json', 'x-api-key': API_KEY };

interface Endpoints { appsync: string; bare: string }

/** The child: local DynamoDB, the AppSync endpoint and the bare server, all over the same store. */
async function serve(): Promise<void> {
  const db = await startTestDynamoDB([tables.Products]);
  const TableName = tables.Products.tableName;
  await db.client.send(new PutItemCommand({ TableName, Item: {
    id: { S: 'bench' }, name: { S: 'Bench Robusto' }, category: { S: 'cigars' }, price: { M: { amount: { N: '1250' }, currency: { S: 'USD' } } },
  } }));
  const app = await startAppSync({ port: 0, resolverMap: fixtureResolverMap, repoRoot: process.cwd(), dynamodbEndpoint: db.endpoint, region: 'us-east-1', apiKey: API_KEY });
  // The same work without AppSync: parse the request, one GetItem, answer the same JSON.
  const bare = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const { variables } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { variables: { id: string } };
        const out = await db.client.send(new GetItemCommand({ TableName, Key: { id: { S: variables.id } } }));
        const item = out.Item ? fromItem(out.Item as unknown as Record<string, Record<string, unknown>>) : null;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: { item } }));
      })();
    });
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const endpoints: Endpoints = { appsync: app.url, bare: `http://127.0.0.1:${(bare.address() as AddressInfo).port}/graphql` };
  process.send?.(endpoints);
  process.on('disconnect', () => {
    void (async () => {
      await app.close();
      bare.close();
      await db.close();
      process.exit(0);
    })();
  });
}

interface LoadResult { requestsPerSecond: number; p50Ms: number; p99Ms: number; errors: number }

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function medianRound(results: LoadResult[]): LoadResult & { rounds: number } {
  return {
    requestsPerSecond: median(results.map((r) => r.requestsPerSecond)), p50Ms: median(results.map((r) => r.p50Ms)),
    p99Ms: median(results.map((r) => r.p99Ms)), errors: results.reduce((n, r) => n + r.errors, 0), rounds: results.length,
  };
}

async function load(url: string, clients: number, total = requestsPerRound): Promise<LoadResult> {
  const run = await runConcurrent(clients, total, async () => {
    const res = await fetch(url, { method: 'POST', headers, body: query });
    const text = await res.text();
    if (res.status !== 200 || text.includes('"errors"')) throw new Error(`answer ${res.status}: ${text}`);
  });
  return { requestsPerSecond: run.opsPerSecond, p50Ms: run.latency.p50Ms, p99Ms: run.latency.p99Ms, errors: run.errors };
}

async function main(): Promise<void> {
  const child: ChildProcess = fork(import.meta.filename, ['serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const endpoints = await new Promise<Endpoints>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Endpoints));
    child.once('exit', (code) => reject(new Error(`server process exited with ${code}`)));
  });
  try {
    // Both answer the same document (checked once), then warm up.
    const answers = await Promise.all([endpoints.appsync, endpoints.bare].map(async (u) =>
      (await fetch(u, { method: 'POST', headers, body: query })).json()));
    if (JSON.stringify(answers[0]) !== JSON.stringify(answers[1])) throw new Error(`answers differ: ${JSON.stringify(answers)}`);
    for (const url of [endpoints.appsync, endpoints.bare]) await load(url, 8, 1000);

    const rows: Array<Record<string, string | number>> = [];
    const results: Record<string, unknown> = {};
    for (const clients of clientCounts) {
      const appsyncRounds: LoadResult[] = [];
      const bareRounds: LoadResult[] = [];
      for (let round = 0; round < rounds; round++) {
        appsyncRounds.push(await load(endpoints.appsync, clients));
        bareRounds.push(await load(endpoints.bare, clients));
      }
      const appsync = medianRound(appsyncRounds);
      const bare = medianRound(bareRounds);
      results[`${clients}Clients`] = { appsync, bare, throughputRatio: Math.round((bare.requestsPerSecond / appsync.requestsPerSecond) * 100) / 100 };
      rows.push({ clients, server: 'local AppSync', 'req/s': appsync.requestsPerSecond, 'p50 ms': appsync.p50Ms, 'p99 ms': appsync.p99Ms, errors: appsync.errors });
      rows.push({ clients, server: 'bare Node + GetItem', 'req/s': bare.requestsPerSecond, 'p50 ms': bare.p50Ms, 'p99 ms': bare.p99Ms, errors: bare.errors });
    }
    const file = writeResults('appsync', { query: 'item(id) → GetItem (fixture API, API key)', requestsPerRound, rounds, ...results });
    printTable(rows);
    for (const clients of clientCounts) console.log(`${clients} clients: bare/AppSync throughput ratio ${(results[`${clients}Clients`] as { throughputRatio: number }).throughputRatio} (goal: at most 1.5)`);
    console.log(`written to ${file}`);
  } finally {
    child.disconnect();
  }
}

if (process.argv[2] === 'serve') await serve();
else await main();
