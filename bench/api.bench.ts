// The platform's API on `npm start`'s stack: the `product` query (two GetItems: product and this
// region's stock row) next to a bare Node HTTP server doing the same GetItems on the same store,
// and `placeOrder` (the EXPRESS Checkout saga: validate, reserve, authorise, store, start
// fulfilment), at 16 and 32 clients. The platform runs in a child process, the load generator
// (keep-alive fetch loops) here. Each figure is the median of BENCH_RUNS runs (default 3, runs of
// product and its baseline alternating); product reports its throughput ratio to the baseline as
// well as both p99s; placeOrder is checked against the local target (≥ 100 orders/s, p99 < 400 ms
// at 16 clients). Writes bench/results/api.json.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { tables } from '../infra/tables.ts';
import { localClientConfig } from '../local/aws/client-config.ts';
import { loadConfig } from '../local/config.ts';
import { startPlatform } from '../local/platform.ts';
import { printTable, runConcurrent, writeResults } from './lib/report.ts';

interface Ready { graphqlUrl: string; bareUrl: string; apiKey: string; idToken: string; productId: string; price: { amount: number; currency: string } }

async function serve(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bigsmokes-bench-'));
  const platform = await startPlatform(loadConfig({ LOCAL_DATA_DIR: dataDir, PORT: '0', DDB_PORT: '0', SFN_PORT: '0', COGNITO_PORT: '0', EVENTS_PORT: '0', STRIPE_PORT: '0' }));
  const { outputs } = platform;
  const cognito = new CognitoIdentityProviderClient(localClientConfig(outputs.cognitoEndpoint!, outputs.region));
  const { AuthenticationResult } = await cognito.send(new InitiateAuthCommand({ ClientId: outputs.userPoolClientId, AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: outputs.demoUsers!.shopper.username, PASSWORD: outputs.demoUsers!.shopper.password } }));
  const headers = { 'content-type': 'application/json', 'x-api-key': outputs.apiKey! };
  const first = await (await fetch(outputs.graphqlUrl!, { method: 'POST', headers, body: JSON.stringify({ query: '{ products(limit: 1) { items { id price { amount currency } } } }' }) })).json();
  const product = first.data.products.items[0];
  // Enough stock that every benchmark order can be placed.
  const warehouseAuth = await cognito.send(new InitiateAuthCommand({ ClientId: outputs.userPoolClientId, AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: outputs.demoUsers!.warehouse.username, PASSWORD: outputs.demoUsers!.warehouse.password } }));
  await fetch(outputs.graphqlUrl!, { method: 'POST', headers: { 'content-type': 'application/json', authorization: warehouseAuth.AuthenticationResult!.IdToken! },
    body: JSON.stringify({ query: 'mutation($id: ID!) { restock(productId: $id, quantity: 100000, note: "bench") { id } }', variables: { id: product.id } }) });

  // The same reads without AppSync: parse the request, the two GetItems the way AppSync's data
  // sources make them under npm start (straight to the DynamoDB engine's thread), the same JSON answer.
  const { call } = platform.dynamodb;
  const bare = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const { variables } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { variables: { id: string } };
        const [item, stock] = await Promise.all([
          call('GetItem', { TableName: tables.Products.tableName, Key: { id: { S: variables.id } } }),
          call('GetItem', { TableName: tables.Inventory.tableName, Key: { pk: { S: `PRODUCT#${variables.id}` }, sk: { S: `REGION#${outputs.region}` } } }),
        ]);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: { product: { id: item.Item?.id.S, name: item.Item?.name.S, stock: Number(stock.Item?.available.N) } } }));
      })();
    });
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const ready: Ready = { graphqlUrl: outputs.graphqlUrl!, bareUrl: `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`,
    apiKey: outputs.apiKey!, idToken: AuthenticationResult!.IdToken!, productId: product.id, price: product.price };
  process.send!(ready);
  process.on('disconnect', () => {
    bare.close();
    void platform.close().then(() => rmSync(dataDir, { recursive: true, force: true })).finally(() => process.exit(0));
  });
}

async function measure(): Promise<void> {
  const child = fork(import.meta.filename, ['serve'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const ready = await new Promise<Ready>((resolve) => child.once('message', (m) => resolve(m as Ready)));
  const productBody = JSON.stringify({ query: 'query Product($id: ID!) { product(id: $id) { id name stock } }', variables: { id: ready.productId } });
  const readHeaders = { 'content-type': 'application/json', 'x-api-key': ready.apiKey };
  const post = async (url: string, headers: Record<string, string>, body: string) => {
    const response = await fetch(url, { method: 'POST', headers, body });
    const json = await response.json() as { errors?: unknown[] };
    if (!response.ok || json.errors) throw new Error(JSON.stringify(json));
  };
  const reads = Number(process.env.BENCH_REQUESTS ?? 3000);
  const ordersPerRun = Number(process.env.BENCH_ORDERS ?? 400);
  let n = 0;
  const placeOrder = () => post(ready.graphqlUrl, { 'content-type': 'application/json', authorization: ready.idToken },
    JSON.stringify({ query: 'mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { id status } }', variables: { i: {
      idempotencyKey: `bench-${n++}-${Date.now()}`, paymentToken: 'tok_visa',
      deliveryAddress: { name: 'Bench', line1: '1 Main St', city: 'Austin', postalCode: '78701', country: 'US' },
      items: [{ productId: ready.productId, quantity: 1, unitPrice: ready.price }] } } }));
  // Warm-up, so each measured operation runs on optimised code, not its first compilation.
  await runConcurrent(8, 500, () => post(ready.graphqlUrl, readHeaders, productBody));
  await runConcurrent(8, 500, () => post(ready.bareUrl, readHeaders, productBody));
  await runConcurrent(8, 50, placeOrder);
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  type Run = Awaited<ReturnType<typeof runConcurrent>>;
  // The run with the median throughput, and every run's throughput beside it.
  const median = (all: Run[]) => ({ ...[...all].sort((a, b) => a.opsPerSecond - b.opsPerSecond)[Math.floor(all.length / 2)], runsOpsPerSecond: all.map((r) => r.opsPerSecond) });
  const results: Record<string, unknown> = { runs, figures: 'throughput (requests/s) and latency (p50, p99) of the median run by throughput' };
  const rows: Record<string, string | number>[] = [];
  for (const clients of [16, 32]) {
    const products: Run[] = [];
    const baselines: Run[] = [];
    const orders: Run[] = [];
    for (let r = 0; r < runs; r += 1) {
      products.push(await runConcurrent(clients, reads, () => post(ready.graphqlUrl, readHeaders, productBody)));
      baselines.push(await runConcurrent(clients, reads, () => post(ready.bareUrl, readHeaders, productBody)));
      orders.push(await runConcurrent(clients, ordersPerRun, placeOrder));
    }
    const product = median(products);
    const baseline = median(baselines);
    const placed = median(orders);
    results[`clients${clients}`] = {
      product, bareNodeBaseline: baseline, placeOrder: placed,
      productThroughputRatioToBaseline: +(product.opsPerSecond / baseline.opsPerSecond).toFixed(2),
      productP99OverBaseline: +(product.latency.p99Ms / baseline.latency.p99Ms).toFixed(2),
      ...(clients === 16 ? { placeOrderTarget: { ordersPerSecond: 100, p99Ms: 400, met: placed.opsPerSecond >= 100 && placed.latency.p99Ms < 400 } } : {}),
    };
    for (const [name, r] of [['product (AppSync)', product], ['product (bare Node)', baseline], ['placeOrder', placed]] as const) {
      rows.push({ operation: name, clients, 'req/s (median)': r.opsPerSecond, 'runs req/s': r.runsOpsPerSecond.join(' / '), 'p50 ms': r.latency.p50Ms, 'p99 ms': r.latency.p99Ms, errors: r.errors });
    }
  }
  child.disconnect();
  const file = writeResults('api', results);
  printTable(rows);
  console.log(`written to ${file}`);
}

if (process.argv[2] === 'serve') await serve();
else await measure();
