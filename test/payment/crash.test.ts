// Crash safety of the money steps (issue 15): the platform runs as its own process (`node
// local/main.ts`) paying through a Stripe-compatible provider that outlives it (the local Stripe in
// this test process, reached through a proxy, as Stripe outlives a Lambda container). The proxy
// lets the provider act, then kills the platform with SIGKILL before it sees the answer: the
// provider has held or captured, the Payments table has only the PENDING row written before the
// call. Restarted on the same data folder:
// - a checkout retried with the same idempotency key resumes the PENDING authorisation under the
//   same Idempotency-Key and gets the same hold (https://docs.stripe.com/api/idempotent_requests);
// - the Fulfilment execution resumes (the engine recovers RUNNING executions) and its CapturePayment
//   captures once;
// - a checkout nobody retries leaves a hold with no order, which `npm run reconcile` releases.
// Every check is made at the provider, through its API.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { DescribeExecutionCommand, RedriveExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { GraphQLClient } from 'graphql-request';
import { tables } from '../../infra/tables.ts';
import { localClientConfig } from '../../local/aws/client-config.ts';
import type { Outputs } from '../../local/outputs.ts';
import { startStripe, type StripeServer } from '../../local/stripe/server.ts';
import { checkInvariants } from '../support/invariants.ts';
import { CONFIRM_PACKED, ORDER, PLACE_ORDER, PRODUCTS, usAddress } from '../support/operations.ts';
import { auditor, providerRecords } from '../support/payment-provider.ts';
import { eventually } from '../support/platform.ts';
import { tempDirs } from '../support/temp-dirs.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const newDir = tempDirs('crash-');
const dataDir = newDir();
let stripe: StripeServer;
let proxy: Server;
let child: ChildProcess | undefined;
/** Which provider call kills the platform once the provider has answered it. */
let killAfter: ((method: string, path: string) => boolean) | undefined;
let kills = 0;
let killedAt = 0;

/** Forwards to the local Stripe; for the armed call, lets Stripe act, then kills the platform unanswered. */
function startProxy(target: URL): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (c: Buffer) => body.push(c));
        answer.on('end', () => {
          if (killAfter?.(req.method!, req.url!) && answer.statusCode === 200) {
            killAfter = undefined;
            kills += 1;
            killedAt = Date.now();
            child?.kill('SIGKILL');
            res.destroy();
            return;
          }
          res.writeHead(answer.statusCode!, answer.headers);
          res.end(Buffer.concat(body));
        });
      });
      upstream.on('error', () => res.destroy());
      upstream.end(Buffer.concat(chunks));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

interface Running { outputs: Outputs; doc: DynamoDBDocumentClient; as(role: 'shopper' | 'warehouse'): Promise<GraphQLClient> }

/** `node local/main.ts` on the test's data folder, every port ephemeral, the provider behind the proxy. */
async function startPlatformProcess(): Promise<Running> {
  const outputsFile = path.join(dataDir, 'outputs.json');
  rmSync(outputsFile, { force: true });
  child = spawn(process.execPath, [path.join(repoRoot, 'local/main.ts')], {
    cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env, LOCAL_DATA_DIR: dataDir, PORT: '0', DDB_PORT: '0', SFN_PORT: '0', COGNITO_PORT: '0', EVENTS_PORT: '0', SECRETS_PORT: '0',
      PAYMENT_ENDPOINT: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    },
  });
  const outputs = await eventually(async () => (existsSync(outputsFile) ? JSON.parse(readFileSync(outputsFile, 'utf8')) as Outputs : undefined), (o) => o !== undefined, 90_000) as Outputs;
  const cognito = new CognitoIdentityProviderClient(localClientConfig(outputs.cognitoEndpoint!, outputs.region));
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(outputs.dynamodbEndpoint, outputs.region)));
  return {
    outputs, doc,
    as: async (role) => {
      const user = outputs.demoUsers![role]!;
      const { AuthenticationResult } = await cognito.send(new InitiateAuthCommand({
        ClientId: outputs.userPoolClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: user.username, PASSWORD: user.password },
      }));
      return new GraphQLClient(outputs.graphqlUrl!, { headers: { authorization: AuthenticationResult!.IdToken! } });
    },
  };
}

async function killed(): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((resolve) => child!.once('exit', resolve));
}

beforeAll(async () => {
  stripe = await startStripe({ port: 0, dataDir: newDir() });
  proxy = await startProxy(new URL(stripe.endpoint));
}, 30_000);
afterAll(async () => {
  child?.kill('SIGKILL');
  await killed();
  await new Promise((resolve) => proxy?.close(resolve));
  await stripe?.close();
});

const isAuthorise = (method: string, url: string) => method === 'POST' && url.split('?')[0] === '/v1/payment_intents';
const isCapture = (method: string, url: string) => method === 'POST' && /^\/v1\/payment_intents\/[^/]+\/capture$/.test(url.split('?')[0]!);

test('kill -9 between the provider\'s answer and the table write, restarted: no double charge, nothing held without an order', async () => {
  const provider = auditor(stripe.endpoint, stripe.secretKey);
  const held = async () => (await provider.paymentIntents.list({ limit: 100 })).data.filter((pi) => pi.status === 'requires_capture');
  let platform = await startPlatformProcess();
  const [product] = (await new GraphQLClient(platform.outputs.graphqlUrl!, { headers: { 'x-api-key': platform.outputs.apiKey! } })
    .request<{ products: { items: { id: string; price: { amount: number; currency: string } }[] } }>(PRODUCTS, { category: 'Robusto', limit: 1 })).products.items;
  const placeInput = (idempotencyKey: string) => ({ input: { idempotencyKey, items: [{ productId: product!.id, quantity: 1, unitPrice: product!.price }], deliveryAddress: usAddress, paymentToken: 'tok_visa' } });

  // 1. Authorisation: the provider holds, the platform dies before recording it.
  killAfter = isAuthorise;
  await expect((await platform.as('shopper')).request(PLACE_ORDER, placeInput('crash-a'))).rejects.toThrow();
  await killed();
  expect(kills).toBe(1);
  const [hold] = await held();
  const orderId = hold!.metadata.orderId!;

  platform = await startPlatformProcess();
  const row = async (operation: string) => (await platform.doc.send(new GetCommand({ TableName: tables.Payments.tableName, Key: { orderId, operation }, ConsistentRead: true }))).Item;
  expect(await row('AUTHORISATION')).toMatchObject({ status: 'PENDING', reference: `authorise:${orderId}:0` });
  // The shopper retries with the same key: the same order, the same hold.
  const { placeOrder } = await (await platform.as('shopper')).request<{ placeOrder: { id: string; status: string; total: { amount: number } } }>(PLACE_ORDER, placeInput('crash-a'));
  expect(placeOrder).toMatchObject({ id: orderId, status: 'PLACED' });
  expect(await row('AUTHORISATION')).toMatchObject({ status: 'AUTHORISED', authorisationId: hold!.id });
  expect((await providerRecords(provider, orderId)).intents.map((pi) => pi.id)).toEqual([hold!.id]);

  // 2. A second checkout whose platform dies the same way, and nobody retries it.
  killAfter = isAuthorise;
  await expect((await platform.as('shopper')).request(PLACE_ORDER, placeInput('crash-c'))).rejects.toThrow();
  await killed();
  const orphan = (await held()).find((pi) => pi.metadata.orderId !== orderId)!;

  // 3. Capture: the warehouse packs, Fulfilment captures at the provider, the platform dies before recording it.
  platform = await startPlatformProcess();
  await eventually(() => platform.as('warehouse').then((w) => w.request<{ order: { status: string } }>(ORDER, { id: orderId })), (r) => r.order.status === 'PACKING', 30_000);
  killAfter = isCapture;
  await (await platform.as('warehouse')).request(CONFIRM_PACKED, { orderId, packages: 1 });
  await eventually(async () => kills, (k) => k === 3, 30_000);
  await killed();
  expect(await provider.paymentIntents.retrieve(hold!.id)).toMatchObject({ status: 'succeeded', amount_received: placeOrder.total.amount });

  // Restarted, the engine resumes Fulfilment: CapturePayment finds its PENDING capture and asks again
  // under the same key; the provider answers with the capture it made. As on Lambda, the killed
  // invocation's idempotency record stays IN_PROGRESS until its timeout, so the retries may run out
  // first and the execution fail in place: support redrives it (README, "Redriving").
  platform = await startPlatformProcess();
  const sfn = new SFNClient(localClientConfig(platform.outputs.stepFunctionsEndpoint!, platform.outputs.region));
  const executionArn = `${platform.outputs.stateMachines!.fulfilment!.replace(':stateMachine:', ':execution:')}:order-${orderId}`;
  const orderStatus = async () => (await (await platform.as('shopper')).request<{ order: { status: string } }>(ORDER, { id: orderId })).order.status;
  const progress = await eventually(async () => ({ execution: await sfn.send(new DescribeExecutionCommand({ executionArn })), order: await orderStatus() }),
    (p) => p.execution.status === 'FAILED' || p.order === 'SHIPPED', 60_000);
  if (progress.execution.status === 'FAILED') {
    expect(progress.execution.error).toBe('OperationInProgress');
    // The record expires with the killed invocation's timeout (the local runtime's 30 s default).
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, killedAt + 31_000 - Date.now())));
    await sfn.send(new RedriveExecutionCommand({ executionArn }));
  }
  await eventually(() => platform.as('shopper').then((s) => s.request<{ order: { status: string } }>(ORDER, { id: orderId })), (r) => r.order.status === 'SHIPPED', 60_000);
  expect(await row('CAPTURE')).toMatchObject({ status: 'CAPTURED', captureId: hold!.id, amount: { amount: placeOrder.total.amount } });
  const atProvider = await providerRecords(provider, orderId);
  expect(atProvider.intents.map((pi) => [pi.id, pi.status, pi.amount_received])).toEqual([[hold!.id, 'succeeded', placeOrder.total.amount]]);

  // 4. The reconciliation releases the orphan hold (its checkout budget set to 0 for the test).
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(repoRoot, 'local/reconcile.ts')], {
    cwd: repoRoot, env: { ...process.env, LOCAL_DATA_DIR: dataDir, CHECKOUT_BUDGET_SECONDS: '0' },
  });
  expect(stdout).toContain(orphan.metadata.orderId);
  expect(stdout).toMatch(/VOIDED/);
  expect((await provider.paymentIntents.retrieve(orphan.id)).status).toBe('canceled');
  expect(await held()).toEqual([]);

  // The captured order agrees with the provider and the ledger.
  const violations = (await checkInvariants(platform.doc, { provider })).filter((v) => v.subject === orderId);
  expect(violations).toEqual([]);
  platform.doc.destroy();
  sfn.destroy();
}, 300_000);
