// Unit tests of every resolver and pipeline function in schema/, through AppSync's own EvaluateCode
// API (https://docs.aws.amazon.com/appsync/latest/APIReference/API_EvaluateCode.html), as AWS
// recommends for APPSYNC_JS (https://docs.aws.amazon.com/appsync/latest/devguide/test-debug-resolvers-js.html),
// with the contexts a real request gives (resolver context reference:
// https://docs.aws.amazon.com/appsync/latest/devguide/resolver-context-reference-js.html). The real
// @aws-sdk/client-appsync calls the local AppSync runtime with `endpoint` set.
//
// EvaluateCode reports a util.error by its message only (EvaluateCodeErrorDetail holds `message` and
// `codeErrors`, https://docs.aws.amazon.com/appsync/latest/APIReference/API_EvaluateCodeErrorDetail.html),
// and does not return the subscription filter a handler sets. So that the tests can also assert the
// error type and the filter, each file is sent with two one-line shims and is otherwise unchanged:
// `util.error(m, t)` also appends (m, t), which comes back in `outErrors` with its errorType, and
// `extensions.setSubscriptionFilter(f)` also logs f, which comes back in `logs`.
import { readFileSync } from 'node:fs';
import { AppSyncClient, EvaluateCodeCommand } from '@aws-sdk/client-appsync';
import { resolverMap } from '../../schema/resolver-map.ts';
import { startAppSync, type AppSyncServer } from '../../local/appsync/server.ts';
import { entryLines } from '../../tasks/finance/ledger.ts';
import {
  env, info, shopper, otherShopper, support, finance, warehouse, delivery, catalog,
  order, refund, product, http, ddbError, type CognitoIdentity,
} from './contexts.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- evaluation results are JSON the tests inspect freely
type Json = any;

interface Context {
  arguments?: Record<string, unknown>;
  identity?: CognitoIdentity | null;
  source?: Record<string, unknown> | null;
  stash?: Record<string, unknown>;
  prev?: { result: unknown };
  result?: unknown;
  error?: { type: string; message: string };
  info?: ReturnType<typeof info>;
}

interface Outcome {
  /** The handler's return value (or early-return value); undefined when it raised an error. */
  readonly result: Json;
  /** util.error's message and type, when the handler raised one. */
  readonly error?: { message: string; type: string | null };
  readonly stash: Json;
  readonly logs: string[];
}

interface Case {
  readonly name: string;
  readonly fn: 'request' | 'response';
  readonly ctx: Context;
  readonly check: (out: Outcome) => void;
}

let app: AppSyncServer;
let appsync: AppSyncClient;

beforeAll(async () => {
  // EvaluateCode never reaches a data source: the DynamoDB endpoint is only configured, never called.
  app = await startAppSync({ port: 0, resolverMap, repoRoot: process.cwd(), dynamodbEndpoint: 'http://127.0.0.1:9', region: 'us-east-1', apiKey: null, env });
  appsync = new AppSyncClient({ endpoint: `http://${new URL(app.url).host}`, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});

afterAll(async () => {
  appsync.destroy();
  await app.close();
});

const ERROR_SHIM = '\nfunction typedErrorShim(message, type) { util.appendError(message, type); util.error(message, type); }\n';
const FILTER_SHIM = '\nfunction subscriptionFilterShim(filter) { console.log(JSON.stringify(filter)); extensions.setSubscriptionFilter(filter); }\n';

function instrumented(file: string): string {
  let code = readFileSync(file, 'utf8');
  if (code.includes('util.error(')) code = code.replaceAll('util.error(', 'typedErrorShim(') + ERROR_SHIM;
  if (code.includes('extensions.setSubscriptionFilter(')) code = code.replaceAll('extensions.setSubscriptionFilter(', 'subscriptionFilterShim(') + FILTER_SHIM;
  return code;
}

async function evaluate(file: string, fn: 'request' | 'response', given: Context): Promise<Outcome> {
  // What AppSync always provides: env, the request's headers, and a fresh stash and prev when unused.
  const context = { arguments: {}, identity: null, source: null, stash: {}, prev: { result: null }, request: { headers: { 'content-type': 'application/json' }, domainName: null }, env, ...given };
  const out = await appsync.send(new EvaluateCodeCommand({ runtime: { name: 'APPSYNC_JS', runtimeVersion: '1.0.0' }, code: instrumented(file), context: JSON.stringify(context), function: fn }));
  expect(out.error?.codeErrors ?? []).toEqual([]);
  const logs = (out.logs ?? []).map((line) => line.replace(/^INFO - /, ''));
  const stash = JSON.parse(out.stash ?? '{}') as Json;
  if (out.error) {
    const appended = JSON.parse(out.outErrors ?? '[]') as Array<{ message: string; errorType: string | null }>;
    const last = appended.at(-1);
    expect(last?.message).toBe(out.error.message);
    return { result: undefined, error: { message: out.error.message ?? '', type: last?.errorType ?? null }, stash, logs };
  }
  return { result: JSON.parse(out.evaluationResult ?? 'null') as Json, stash, logs };
}

const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
const UUID = expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
const ULID = expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/);

function ok(out: Outcome): Json {
  expect(out.error).toBeUndefined();
  return out.result;
}

function fails(type: string, message: string | RegExp) {
  return (out: Outcome) => {
    expect(out.result).toBeUndefined();
    expect(out.error?.type).toBe(type);
    expect(out.error?.message).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
  };
}

const returns = (expected: unknown) => (out: Outcome) => expect(ok(out)).toEqual(expected);

/** A DynamoDB GetItem request (https://docs.aws.amazon.com/appsync/latest/devguide/js-resolver-reference-dynamodb.html#js-aws-appsync-resolver-reference-dynamodb-getitem). */
function getItem(key: Record<string, string>, consistentRead: boolean) {
  const request: Record<string, unknown> = { operation: 'GetItem', key: Object.fromEntries(Object.entries(key).map(([k, v]) => [k, { S: v }])) };
  if (consistentRead) request.consistentRead = true;
  return returns(request);
}

/** A Step Functions call through the HTTP data source (awsJson1_0: POST / with X-Amz-Target). */
function stepFunctionsCall(out: Outcome, target: string): Json {
  const request = ok(out);
  expect(request).toMatchObject({ method: 'POST', resourcePath: '/' });
  expect(request.params.headers).toEqual({ 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${target}` });
  return JSON.parse(request.params.body as string);
}

function query(index: string, expression: string, names: Record<string, string>, values: Record<string, unknown>) {
  return { operation: 'Query', index, query: { expression, expressionNames: names, expressionValues: values } };
}

const FULFILMENT = 'arn:aws:states:us-east-1:000000000000:stateMachine:bigsmokes-fulfilment';
const REFUND_MACHINE = 'arn:aws:states:us-east-1:000000000000:stateMachine:bigsmokes-refund';
const orderExecution = 'arn:aws:states:us-east-1:000000000000:execution:bigsmokes-fulfilment:order-ord-1';
const notFoundExecution = http(400, { __type: 'com.amazonaws.swf.service.v2.model#ExecutionDoesNotExist', message: `Execution Does Not Exist: '${orderExecution}'` });
const describedFailed = {
  executionArn: orderExecution, stateMachineArn: `${FULFILMENT}:live`, name: 'order-ord-1', status: 'FAILED',
  startDate: 1763632800.123, stopDate: 1763632805.5, redriveCount: 1, redriveStatus: 'REDRIVABLE',
  error: 'PaymentCaptureFailed', cause: 'The card issuer declined the capture',
};
const describedSummary = {
  executionArn: orderExecution, stateMachineArn: `${FULFILMENT}:live`, name: 'order-ord-1', status: 'FAILED',
  startDate: '2025-11-20T10:00:00.123Z', stopDate: '2025-11-20T10:00:05.500Z', redriveCount: 1, redriveStatus: 'REDRIVABLE',
  failure: { error: 'PaymentCaptureFailed', cause: 'The card issuer declined the capture' },
};
const placeOrderInput = {
  idempotencyKey: 'cart-7f3a',
  items: [{ productId: 'prod-cuban', quantity: 2, unitPrice: { amount: 4500, currency: 'USD' } }],
  deliveryAddress: { name: 'Ana Lima', line1: '1 Main St', line2: null, city: 'Springfield', postalCode: '12345', country: 'US' },
  paymentToken: 'tok_visa_4242',
  expectedTotal: { amount: 9000, currency: 'USD' },
};
const refundInput = { orderId: 'ord-1', amount: { amount: 4500, currency: 'USD' }, reason: 'Box arrived crushed', idempotencyKey: 'refund-1', items: [{ productId: 'prod-cuban', quantity: 1 }] };
const refundRequest = JSON.stringify({ amount: refundInput.amount, reason: refundInput.reason, items: refundInput.items });
const productInput = { name: 'Cohiba Siglo VI', brand: 'Cohiba', category: 'cigars', description: 'A Cuban classic', price: { amount: 4500, currency: 'USD' }, imageUrl: null, onSale: true, attributes: { ring: 52 } };
const capture = { orderId: 'ord-1', operation: 'CAPTURE', amount: { amount: 9000, currency: 'USD' }, refundable: 9000 };
const awaiting = refund('AWAITING_APPROVAL', { approvalTaskToken: 'token-approval' });
const packingRow = { pk: 'ORDER#ord-1', sk: 'PACKING', status: 'REQUESTED', taskToken: 'token-packing' };
const shipment = { orderId: 'ord-1', carrier: 'UPS', trackingNumber: '1Z999', taskToken: 'token-delivery' };
const listing = (fieldName: string) => info('Query', fieldName);
const captureLines = entryLines({ pk: 'LEDGER-ENTRY#ord-1', sk: 'CAPTURE', entryId: 'entry-c', orderId: 'ord-1', kind: 'CAPTURE', amount: { amount: 9000, currency: 'USD' }, at: '2026-11-20T10:00:00.000Z' });
const refundLines = entryLines({ pk: 'LEDGER-ENTRY#ord-1', sk: 'REFUND#ref-1', entryId: 'entry-r', orderId: 'ord-1', kind: 'REFUND', refundId: 'ref-1', amount: { amount: 4500, currency: 'USD' }, at: '2026-11-22T10:00:00.000Z' });
const page = { items: [order('PLACED')], nextToken: 'next-2', scannedCount: 1 };

const cases: Record<string, Case[]> = {
  // ---------------------------------------------------------------- resolvers
  'schema/resolvers/pipeline.js': [
    { name: 'Query.order: nothing to prepare', fn: 'request', ctx: { arguments: { id: 'ord-1' }, identity: shopper, info: info('Query', 'order') }, check: returns({}) },
    { name: 'Query.order: the last function\'s result is the field\'s', fn: 'response', ctx: { arguments: { id: 'ord-1' }, identity: shopper, prev: { result: order('PLACED') }, info: info('Query', 'order') }, check: returns(order('PLACED')) },
  ],
  'schema/resolvers/Query.products.js': [
    { name: 'by category: a Query on byCategory with limit and nextToken', fn: 'request', ctx: { arguments: { category: 'cigars', limit: 10, nextToken: 'tok-2' }, identity: shopper },
      check: returns({ ...query('byCategory', '#category = :category_eq', { '#category': 'category' }, { ':category_eq': { S: 'cigars' } }), limit: 10, nextToken: 'tok-2' }) },
    { name: 'no category: a Scan with the default limit 20', fn: 'request', ctx: { arguments: {}, identity: null }, check: returns({ operation: 'Scan', limit: 20 }) },
    { name: 'limit 101 is a ValidationError', fn: 'request', ctx: { arguments: { limit: 101 }, identity: shopper }, check: fails('ValidationError', 'limit must be between 1 and 100') },
    { name: 'the page: items and a null nextToken at the end', fn: 'response', ctx: { arguments: {}, result: { items: [product], scannedCount: 1 } }, check: returns({ items: [product], nextToken: null }) },
  ],
  'schema/resolvers/Query.product.js': [
    { name: 'a GetItem by id', fn: 'request', ctx: { arguments: { id: 'prod-cuban' }, identity: null }, check: getItem({ id: 'prod-cuban' }, false) },
    { name: 'unknown: null, no error', fn: 'response', ctx: { arguments: { id: 'prod-none' }, result: null }, check: returns(null) },
    { name: 'a data source error is raised with its type', fn: 'response', ctx: { arguments: { id: 'p' }, error: ddbError('ProvisionedThroughputExceededException', 'Rate exceeded') },
      check: fails('DynamoDB:ProvisionedThroughputExceededException', 'Rate exceeded') },
  ],
  'schema/resolvers/Product.stock.js': [
    { name: 'the home region\'s allocation row', fn: 'request', ctx: { source: product, identity: shopper, info: info('Product', 'stock') }, check: getItem({ pk: 'PRODUCT#prod-cuban', sk: 'REGION#us-east-1' }, false) },
    { name: 'available units from the row', fn: 'response', ctx: { source: product, result: { pk: 'PRODUCT#prod-cuban', sk: 'REGION#us-east-1', available: 37, reserved: 3 } }, check: returns(37) },
    { name: 'no row: 0 in stock', fn: 'response', ctx: { source: product, result: null }, check: returns(0) },
  ],
  'schema/resolvers/Product.stockByRegion.js': [
    { name: 'every region\'s allocation row of the product', fn: 'request', ctx: { source: product, identity: catalog, info: info('Product', 'stockByRegion') },
      check: (out) => expect(ok(out)).toMatchObject({ operation: 'Query', query: { expressionValues: { ':pk_eq': { S: 'PRODUCT#prod-cuban' }, ':sk_beginsWith': { S: 'REGION#' } } } }) },
    { name: 'region, available and reserved per row', fn: 'response', ctx: { source: product, result: { items: [
      { pk: 'PRODUCT#prod-cuban', sk: 'REGION#us-east-1', available: 37, reserved: 3 }, { pk: 'PRODUCT#prod-cuban', sk: 'REGION#eu-west-1', available: 12 },
    ] } },
      check: returns([{ region: 'us-east-1', available: 37, reserved: 3 }, { region: 'eu-west-1', available: 12, reserved: 0 }]) },
  ],
  'schema/resolvers/orderListing.js': [
    { name: 'myOrders: the caller\'s (identity.sub) on byUser, newest first', fn: 'request', ctx: { arguments: {}, identity: shopper, info: listing('myOrders') },
      check: returns({ ...query('byUser', '#userId = :userId_eq', { '#userId': 'userId' }, { ':userId_eq': { S: 'user-ana' } }), scanIndexForward: false, limit: 20 }) },
    { name: 'ordersByUser: the named shopper, not the support caller', fn: 'request', ctx: { arguments: { userId: 'user-bo', limit: 5, nextToken: 'n1' }, identity: support, info: listing('ordersByUser') },
      check: returns({ ...query('byUser', '#userId = :userId_eq', { '#userId': 'userId' }, { ':userId_eq': { S: 'user-bo' } }), scanIndexForward: false, limit: 5, nextToken: 'n1' }) },
    { name: 'ordersByStatus: byStatus, newest first', fn: 'request', ctx: { arguments: { status: 'FAILED' }, identity: support, info: listing('ordersByStatus') },
      check: returns({ ...query('byStatus', '#status = :status_eq', { '#status': 'status' }, { ':status_eq': { S: 'FAILED' } }), scanIndexForward: false, limit: 20 }) },
    { name: 'packingQueue: PACKING, oldest first', fn: 'request', ctx: { arguments: { limit: 50 }, identity: warehouse, info: listing('packingQueue') },
      check: returns({ ...query('byStatus', '#status = :status_eq', { '#status': 'status' }, { ':status_eq': { S: 'PACKING' } }), scanIndexForward: true, limit: 50 }) },
    { name: 'deliveryQueue: SHIPPED, oldest first', fn: 'request', ctx: { arguments: { limit: 50 }, identity: delivery, info: listing('deliveryQueue') },
      check: returns({ ...query('byStatus', '#status = :status_eq', { '#status': 'status' }, { ':status_eq': { S: 'SHIPPED' } }), scanIndexForward: true, limit: 50 }) },
    { name: 'limit 0 is a ValidationError', fn: 'request', ctx: { arguments: { limit: 0 }, identity: shopper, info: listing('myOrders') }, check: fails('ValidationError', 'limit must be between 1 and 100') },
    { name: 'the page with its nextToken', fn: 'response', ctx: { arguments: {}, identity: shopper, info: listing('myOrders'), result: page }, check: returns({ items: page.items, nextToken: 'next-2' }) },
  ],
  'schema/resolvers/Query.failedExecutions.js': [
    { name: 'Refund: ListExecutions FAILED on the unqualified machine ARN (not the alias)', fn: 'request', ctx: { arguments: { stateMachine: 'Refund', limit: 5, nextToken: 'p2' }, identity: support },
      check: (out) => expect(stepFunctionsCall(out, 'ListExecutions')).toEqual({ stateMachineArn: REFUND_MACHINE, statusFilter: 'FAILED', maxResults: 5, nextToken: 'p2' }) },
    { name: 'Fulfilment with the default limit', fn: 'request', ctx: { arguments: { stateMachine: 'Fulfilment' }, identity: support },
      check: (out) => expect(stepFunctionsCall(out, 'ListExecutions')).toEqual({ stateMachineArn: FULFILMENT, statusFilter: 'FAILED', maxResults: 20 }) },
    { name: 'limit 500 is a ValidationError', fn: 'request', ctx: { arguments: { stateMachine: 'Refund', limit: 500 }, identity: support }, check: fails('ValidationError', 'limit must be between 1 and 100') },
    { name: 'epoch seconds become ISO dates; failure is left to ExecutionSummary.failure', fn: 'response', ctx: { arguments: { stateMachine: 'Fulfilment' },
      result: http(200, { executions: [{ executionArn: orderExecution, stateMachineArn: FULFILMENT, name: 'order-ord-1', status: 'FAILED', startDate: 1763632800.123, stopDate: 1763632805.5, redriveCount: 2 }], nextToken: 'more' }) },
      check: returns({ items: [{ executionArn: orderExecution, stateMachineArn: FULFILMENT, name: 'order-ord-1', status: 'FAILED', startDate: '2025-11-20T10:00:00.123Z', stopDate: '2025-11-20T10:00:05.500Z', redriveCount: 2, redriveStatus: null }], nextToken: 'more' }) },
    { name: 'a Step Functions refusal keeps its __type', fn: 'response', ctx: { arguments: { stateMachine: 'Refund' }, result: http(400, { __type: 'StateMachineDoesNotExist', message: 'State Machine Does Not Exist' }) },
      check: fails('StateMachineDoesNotExist', 'State Machine Does Not Exist') },
  ],
  'schema/resolvers/Query.executionHistory.js': [
    { name: 'GetExecutionHistory with data, 500 events a page, and the nextToken', fn: 'request', ctx: { arguments: { executionArn: orderExecution, nextToken: 'h2' }, identity: support },
      check: (out) => expect(stepFunctionsCall(out, 'GetExecutionHistory')).toEqual({ executionArn: orderExecution, maxResults: 500, includeExecutionData: true, nextToken: 'h2' }) },
    { name: 'events: ISO timestamps and each event\'s *EventDetails as detail JSON', fn: 'response', ctx: { arguments: { executionArn: orderExecution },
      result: http(200, { events: [
        { id: 1, type: 'ExecutionStarted', timestamp: 1763632800.123, previousEventId: 0, executionStartedEventDetails: { input: '{"orderId":"ord-1"}', roleArn: 'arn:aws:iam::000000000000:role/sfn' } },
        { id: 2, type: 'TaskStateEntered', timestamp: 1763632800.2, stateEnteredEventDetails: { name: 'Capture' } },
      ] }) },
      check: returns({ executionArn: orderExecution, nextToken: null, events: [
        { id: 1, type: 'ExecutionStarted', timestamp: '2025-11-20T10:00:00.123Z', previousEventId: 0, detail: JSON.stringify({ input: '{"orderId":"ord-1"}', roleArn: 'arn:aws:iam::000000000000:role/sfn' }) },
        { id: 2, type: 'TaskStateEntered', timestamp: '2025-11-20T10:00:00.200Z', previousEventId: null, detail: JSON.stringify({ name: 'Capture' }) },
      ] }) },
    { name: 'an unknown execution is NotFound', fn: 'response', ctx: { arguments: { executionArn: orderExecution }, result: notFoundExecution }, check: fails('NotFound', 'Execution not found') },
  ],
  'schema/resolvers/Query.orderExecutions.js': [
    { name: 'names the fulfilment execution order-<id> under the machine, missing → null', fn: 'request', ctx: { arguments: { orderId: 'ord-1' }, identity: support },
      check: (out) => { expect(ok(out)).toEqual({}); expect(out.stash).toEqual({ executionArn: orderExecution, missingIsNull: true }); } },
    { name: 'a described execution is a one-item list', fn: 'response', ctx: { arguments: { orderId: 'ord-1' }, prev: { result: describedSummary } }, check: returns([describedSummary]) },
    { name: 'no execution yet: an empty list', fn: 'response', ctx: { arguments: { orderId: 'ord-1' }, prev: { result: null } }, check: returns([]) },
  ],
  'schema/resolvers/ExecutionSummary.failure.js': [
    { name: 'a summary from DescribeExecution returns its failure early, shaped as the pipeline result', fn: 'request', ctx: { source: describedSummary, identity: support, info: info('ExecutionSummary', 'failure') }, check: returns({ failure: describedSummary.failure }) },
    { name: 'a RUNNING execution has no failure: an early null failure', fn: 'request', ctx: { source: { executionArn: orderExecution, status: 'RUNNING' }, identity: support }, check: returns({ failure: null }) },
    { name: 'after an early return the response hands on its failure', fn: 'response', ctx: { source: { executionArn: orderExecution, status: 'RUNNING' }, prev: { result: { failure: null } } }, check: returns(null) },
    { name: 'a FAILED summary from ListExecutions is described', fn: 'request', ctx: { source: { executionArn: orderExecution, status: 'FAILED' }, identity: support },
      check: (out) => { expect(ok(out)).toEqual({}); expect(out.stash).toEqual({ executionArn: orderExecution }); } },
    { name: 'the described failure', fn: 'response', ctx: { source: { executionArn: orderExecution, status: 'FAILED' }, prev: { result: describedSummary } }, check: returns(describedSummary.failure) },
  ],
  'schema/resolvers/Refund.execution.js': [
    { name: 'names the refund execution refund-<id> under the machine, missing → null', fn: 'request', ctx: { source: refund('REQUESTED'), identity: finance, info: info('Refund', 'execution') },
      check: (out) => { expect(ok(out)).toEqual({}); expect(out.stash).toEqual({ executionArn: 'arn:aws:states:us-east-1:000000000000:execution:bigsmokes-refund:refund-ref-1', missingIsNull: true }); } },
    { name: 'the described execution (or null)', fn: 'response', ctx: { source: refund('REQUESTED'), prev: { result: null } }, check: returns(null) },
  ],
  'schema/resolvers/Mutation.redriveExecution.js': [
    { name: 'the execution to redrive goes to the stash', fn: 'request', ctx: { arguments: { executionArn: orderExecution }, identity: support },
      check: (out) => { expect(ok(out)).toEqual({}); expect(out.stash).toEqual({ executionArn: orderExecution, orderIdForRegion: 'ord-1' }); } },
    { name: 'an adopted order\'s execution (-e<epoch>) names the order without the epoch', fn: 'request', ctx: { arguments: { executionArn: `${orderExecution}-e2` }, identity: support },
      check: (out) => { expect(out.stash).toMatchObject({ orderIdForRegion: 'ord-1' }); } },
    { name: 'a refund saga names its refund', fn: 'request', ctx: { arguments: { executionArn: 'arn:aws:states:us-east-1:000000000000:execution:bigsmokes-refund:refund-ref-1' }, identity: support },
      check: (out) => { expect(out.stash).toMatchObject({ refundIdForRegion: 'ref-1' }); expect(out.stash.orderIdForRegion).toBeUndefined(); } },
    { name: 'the execution as it now stands', fn: 'response', ctx: { arguments: { executionArn: orderExecution }, prev: { result: describedSummary } }, check: returns(describedSummary) },
  ],
  'schema/resolvers/Query.refunds.js': [
    { name: 'by status: byStatus, newest first', fn: 'request', ctx: { arguments: { status: 'AWAITING_APPROVAL', limit: 10 }, identity: finance },
      check: returns({ ...query('byStatus', '#status = :status_eq', { '#status': 'status' }, { ':status_eq': { S: 'AWAITING_APPROVAL' } }), scanIndexForward: false, limit: 10 }) },
    { name: 'every refund: byRecordType REFUND, newest first', fn: 'request', ctx: { arguments: { nextToken: 'r2' }, identity: finance },
      check: returns({ ...query('byRecordType', '#recordType = :recordType_eq', { '#recordType': 'recordType' }, { ':recordType_eq': { S: 'REFUND' } }), scanIndexForward: false, limit: 20, nextToken: 'r2' }) },
    { name: 'limit 101 is a ValidationError', fn: 'request', ctx: { arguments: { limit: 101 }, identity: finance }, check: fails('ValidationError', 'limit must be between 1 and 100') },
    { name: 'the page', fn: 'response', ctx: { arguments: {}, result: { items: [awaiting], scannedCount: 1 } }, check: returns({ items: [awaiting], nextToken: null }) },
  ],
  'schema/resolvers/Order.refunds.js': [
    { name: 'byOrder for the source order, filtered to REFUND records (not ledger lines)', fn: 'request', ctx: { source: order('SHIPPED'), identity: shopper, info: info('Order', 'refunds') },
      check: returns({ ...query('byOrder', '#orderId = :orderId_eq', { '#orderId': 'orderId' }, { ':orderId_eq': { S: 'ord-1' } }),
        filter: { expression: '(#recordType = :recordType_eq)', expressionNames: { '#recordType': 'recordType' }, expressionValues: { ':recordType_eq': { S: 'REFUND' } } } }) },
    { name: 'the items', fn: 'response', ctx: { source: order('SHIPPED'), result: { items: [awaiting], scannedCount: 3 } }, check: returns([awaiting]) },
  ],
  'schema/resolvers/Order.payment.js': [
    { name: 'every payment item of the source order, read consistently', fn: 'request', ctx: { source: order('SHIPPED'), identity: finance, info: info('Order', 'payment') },
      check: returns({ ...query('', '#orderId = :orderId_eq', { '#orderId': 'orderId' }, { ':orderId_eq': { S: 'ord-1' } }), index: undefined, consistentRead: true }) },
    { name: 'authorised, captured, refunded (captured minus refundable) and refundable', fn: 'response', ctx: { source: order('PARTIALLY_REFUNDED'), result: { items: [
      { orderId: 'ord-1', operation: 'AUTHORISATION', amount: { amount: 9000, currency: 'USD' }, status: 'AUTHORISED' },
      { ...capture, refundable: 4500 },
      { orderId: 'ord-1', operation: 'REFUND#ref-1', amount: { amount: 4500, currency: 'USD' }, status: 'REFUNDED' },
    ] } },
      check: returns({ authorised: { amount: 9000, currency: 'USD' }, captured: { amount: 9000, currency: 'USD' }, refunded: { amount: 4500, currency: 'USD' }, refundable: { amount: 4500, currency: 'USD' } }) },
    { name: 'nothing captured yet: only the authorisation', fn: 'response', ctx: { source: order('PACKING'), result: { items: [{ orderId: 'ord-1', operation: 'AUTHORISATION', amount: { amount: 9000, currency: 'USD' } }] } },
      check: returns({ authorised: { amount: 9000, currency: 'USD' }, captured: null, refunded: null, refundable: null }) },
  ],
  'schema/resolvers/Order.shipment.js': [
    { name: 'the shipment of the source order', fn: 'request', ctx: { source: order('SHIPPED'), identity: shopper, info: info('Order', 'shipment') }, check: getItem({ orderId: 'ord-1' }, false) },
    { name: 'carrier and tracking number, never the task token', fn: 'response', ctx: { source: order('SHIPPED'), result: shipment }, check: returns({ carrier: 'UPS', trackingNumber: '1Z999', awaitingDelivery: true }) },
    { name: 'not booked yet: null', fn: 'response', ctx: { source: order('PACKING'), result: null }, check: returns(null) },
  ],
  'schema/resolvers/Refund.order.js': [
    { name: 'the refunded order', fn: 'request', ctx: { source: awaiting, identity: finance, info: info('Refund', 'order') }, check: getItem({ id: 'ord-1' }, false) },
    { name: 'the order', fn: 'response', ctx: { source: awaiting, result: order('SHIPPED') }, check: returns(order('SHIPPED')) },
  ],
  'schema/resolvers/Query.searchOrders.js': [
    { name: 'by email (any case): byCustomer in the date range, newest first, narrowed by status and name', fn: 'request',
      ctx: { arguments: { filter: { email: ' Ana@Example.com ', status: 'SHIPPED', name: 'Lima', from: '2026-11-01T00:00:00.000Z', to: '2026-11-30T00:00:00.000Z' }, limit: 10 }, identity: support, info: info('Query', 'searchOrders') },
      check: (out) => {
        const request = ok(out);
        expect(request).toMatchObject({ operation: 'Query', index: 'byCustomer', scanIndexForward: false, limit: 10 });
        expect(request.query.expressionValues).toEqual({ ':customerEmail_eq': { S: 'ana@example.com' }, ':createdAt_between_0': { S: '2026-11-01T00:00:00.000Z' }, ':createdAt_between_1': { S: '2026-11-30T00:00:00.000Z' } });
        expect(Object.values(request.filter.expressionValues)).toEqual(expect.arrayContaining([{ S: 'SHIPPED' }, { S: 'lima' }]));
        expect(request.filter.expression).toMatch(/contains\(#customerNameLower/);
      } },
    { name: 'by status, oldest first, with the next page', fn: 'request', ctx: { arguments: { filter: { status: 'PACKING', sort: 'OLDEST' }, nextToken: 'n2' }, identity: finance, info: info('Query', 'searchOrders') },
      check: returns({ ...query('byStatus', '#status = :status_eq', { '#status': 'status' }, { ':status_eq': { S: 'PACKING' } }), scanIndexForward: true, limit: 20, nextToken: 'n2' }) },
    { name: 'neither email nor status: ValidationError', fn: 'request', ctx: { arguments: { filter: { name: 'ana' } }, identity: support, info: info('Query', 'searchOrders') },
      check: fails('ValidationError', 'Search by a customer email or an order status') },
    { name: 'the page', fn: 'response', ctx: { arguments: { filter: { status: 'PLACED' } }, result: page }, check: returns({ items: page.items, nextToken: 'next-2' }) },
  ],
  'schema/resolvers/Query.ledger.js': [
    { name: 'LEDGER_LINE records created between from and to, at most 1000', fn: 'request', ctx: { arguments: { from: '2026-11-01T00:00:00Z', to: '2026-11-30T23:59:59Z' }, identity: finance },
      check: returns({ ...query('byRecordType', '#recordType = :recordType_eq AND #createdAt BETWEEN :createdAt_between_0 AND :createdAt_between_1', { '#recordType': 'recordType', '#createdAt': 'createdAt' },
        { ':recordType_eq': { S: 'LEDGER_LINE' }, ':createdAt_between_0': { S: '2026-11-01T00:00:00.000Z' }, ':createdAt_between_1': { S: '2026-11-30T23:59:59.000Z' } }), limit: 1000 }) },
    { name: 'bounds with a UTC offset are compared in UTC, as the lines are stored', fn: 'request', ctx: { arguments: { from: '2026-11-01T10:00:00+05:00', to: '2026-11-01T06:00:00Z' }, identity: finance },
      check: returns({ ...query('byRecordType', '#recordType = :recordType_eq AND #createdAt BETWEEN :createdAt_between_0 AND :createdAt_between_1', { '#recordType': 'recordType', '#createdAt': 'createdAt' },
        { ':recordType_eq': { S: 'LEDGER_LINE' }, ':createdAt_between_0': { S: '2026-11-01T05:00:00.000Z' }, ':createdAt_between_1': { S: '2026-11-01T06:00:00.000Z' } }), limit: 1000 }) },
    { name: 'from after to is a ValidationError', fn: 'request', ctx: { arguments: { from: '2026-12-01T00:00:00Z', to: '2026-11-01T00:00:00Z' }, identity: finance }, check: fails('ValidationError', 'from must not be after to') },
    { name: 'more than 1000 lines in the period is a ValidationError, never a silent cut', fn: 'response',
      ctx: { arguments: { from: '2026-11-01T00:00:00Z', to: '2026-11-30T23:59:59Z' }, result: { items: captureLines, nextToken: 'more' } },
      check: fails('ValidationError', 'More than 1000 ledger lines in the period: ask for a shorter one') },
    { name: 'lines (as tasks/finance/ledger.ts writes them) become LedgerLines: debit or credit, upper-case account, a memo per kind', fn: 'response',
      ctx: { arguments: { from: '2026-11-01T00:00:00Z', to: '2026-11-30T23:59:59Z' }, result: { items: [...captureLines, ...refundLines], scannedCount: 4 } },
      check: returns([
        { id: '2026-11-20T10:00:00.000Z#entry-c-1', at: '2026-11-20T10:00:00.000Z', orderId: 'ord-1', refundId: null, account: 'CASH', debit: 9000, credit: 0, currency: 'USD', memo: 'Capture for order ord-1' },
        { id: '2026-11-20T10:00:00.000Z#entry-c-2', at: '2026-11-20T10:00:00.000Z', orderId: 'ord-1', refundId: null, account: 'SALES', debit: 0, credit: 9000, currency: 'USD', memo: 'Capture for order ord-1' },
        { id: '2026-11-22T10:00:00.000Z#entry-r-1', at: '2026-11-22T10:00:00.000Z', orderId: 'ord-1', refundId: 'ref-1', account: 'REFUNDS', debit: 4500, credit: 0, currency: 'USD', memo: 'Refund ref-1 for order ord-1' },
        { id: '2026-11-22T10:00:00.000Z#entry-r-2', at: '2026-11-22T10:00:00.000Z', orderId: 'ord-1', refundId: 'ref-1', account: 'CASH', debit: 0, credit: 4500, currency: 'USD', memo: 'Refund ref-1 for order ord-1' },
      ]) },
  ],
  'schema/resolvers/Mutation.placeOrder.js': [
    { name: 'a valid cart: the Checkout input in the stash, with the caller\'s sub and birthdate claim', fn: 'request', ctx: { arguments: { input: placeOrderInput }, identity: shopper, info: info('Mutation', 'placeOrder') },
      check: (out) => {
        expect(ok(out)).toEqual({});
        expect(out.stash.checkoutInput).toEqual({ idempotencyKey: 'cart-7f3a', userId: 'user-ana', birthdate: '1990-04-12', items: placeOrderInput.items, deliveryAddress: placeOrderInput.deliveryAddress, paymentToken: 'tok_visa_4242', expectedTotal: { amount: 9000, currency: 'USD' } });
      } },
    { name: 'every problem of a bad cart in one ValidationError', fn: 'request', ctx: { arguments: { input: { ...placeOrderInput, items: [{ productId: 'prod-cuban', quantity: 0, unitPrice: { amount: 4500, currency: 'USD' } }],
      deliveryAddress: { ...placeOrderInput.deliveryAddress, country: 'USA', city: ' ' }, paymentToken: ' ' } }, identity: shopper },
      check: fails('ValidationError', 'quantity of prod-cuban must be between 1 and 100; deliveryAddress.country must be an ISO 3166-1 alpha-2 code; deliveryAddress needs a name, line1, city and postalCode; paymentToken is required') },
    { name: 'an empty cart and a 65-character key', fn: 'request', ctx: { arguments: { input: { ...placeOrderInput, idempotencyKey: 'k'.repeat(65), items: [] } }, identity: shopper },
      check: fails('ValidationError', 'idempotencyKey must be 1 to 64 characters; the cart is empty') },
    { name: 'the stored order', fn: 'response', ctx: { arguments: { input: placeOrderInput }, identity: shopper, prev: { result: order('PLACED') } }, check: returns(order('PLACED')) },
  ],
  'schema/resolvers/Mutation.cancelOrder.js': [
    { name: 'nothing to prepare', fn: 'request', ctx: { arguments: { id: 'ord-1' }, identity: shopper }, check: returns({}) },
    { name: 'the cancelled order from the stash (not the last function\'s result)', fn: 'response', ctx: { arguments: { id: 'ord-1' }, identity: shopper, stash: { order: order('CANCELLED') }, prev: { result: { executionArn: 'x' } } }, check: returns(order('CANCELLED')) },
  ],
  'schema/resolvers/Mutation.confirmPacked.js': [
    { name: '3 packages is fine', fn: 'request', ctx: { arguments: { orderId: 'ord-1', packages: 3 }, identity: warehouse }, check: returns({}) },
    { name: '0 packages is a ValidationError', fn: 'request', ctx: { arguments: { orderId: 'ord-1', packages: 0 }, identity: warehouse }, check: fails('ValidationError', 'packages must be between 1 and 100') },
    { name: 'the order read again', fn: 'response', ctx: { arguments: { orderId: 'ord-1', packages: 3 }, prev: { result: order('PACKED') } }, check: returns(order('PACKED')) },
  ],
  'schema/resolvers/Mutation.reportPackingFailed.js': [
    { name: 'a blank reason is a ValidationError', fn: 'request', ctx: { arguments: { orderId: 'ord-1', reason: '   ' }, identity: warehouse }, check: fails('ValidationError', 'reason must be 1 to 500 characters') },
    { name: 'a reason is fine', fn: 'request', ctx: { arguments: { orderId: 'ord-1', reason: 'Humidor damaged' }, identity: warehouse }, check: returns({}) },
    { name: 'the order read again', fn: 'response', ctx: { arguments: { orderId: 'ord-1', reason: 'x' }, prev: { result: order('PACKING') } }, check: returns(order('PACKING')) },
  ],
  'schema/resolvers/Mutation.updateDelivery.js': [
    { name: 'a 501-character note is a ValidationError', fn: 'request', ctx: { arguments: { orderId: 'ord-1', status: 'IN_TRANSIT', note: 'n'.repeat(501) }, identity: delivery }, check: fails('ValidationError', 'note must be at most 500 characters') },
    { name: 'no note is fine', fn: 'request', ctx: { arguments: { orderId: 'ord-1', status: 'DELIVERED' }, identity: delivery }, check: returns({}) },
    { name: 'the order read again', fn: 'response', ctx: { arguments: { orderId: 'ord-1', status: 'DELIVERED' }, prev: { result: order('DELIVERED') } }, check: returns(order('DELIVERED')) },
  ],
  'schema/resolvers/Mutation.requestRefund.js': [
    { name: 'the request as its idempotency key remembers it, in the stash', fn: 'request', ctx: { arguments: { input: refundInput }, identity: shopper },
      check: (out) => { expect(ok(out)).toEqual({}); expect(out.stash).toEqual({ refundRequest }); } },
    { name: 'no items: remembered as []', fn: 'request', ctx: { arguments: { input: { ...refundInput, items: null } }, identity: shopper },
      check: (out) => expect(JSON.parse(out.stash.refundRequest as string)).toEqual({ amount: refundInput.amount, reason: refundInput.reason, items: [] }) },
    { name: 'every problem in one ValidationError', fn: 'request', ctx: { arguments: { input: { ...refundInput, amount: { amount: 0, currency: 'EUR' }, reason: ' ', items: [{ productId: 'prod-cuban', quantity: 0 }] } }, identity: shopper },
      check: fails('ValidationError', 'amount must be at least 1; amount.currency must be USD; reason must be 1 to 500 characters; quantity of prod-cuban must be at least 1') },
    { name: 'the refund from the stash', fn: 'response', ctx: { arguments: { input: refundInput }, stash: { refund: refund('REQUESTED') }, prev: { result: { executionArn: 'x' } } }, check: returns(refund('REQUESTED')) },
  ],
  'schema/resolvers/Mutation.decideRefund.js': [
    { name: 'a 501-character note is a ValidationError', fn: 'request', ctx: { arguments: { id: 'ref-1', approve: true, note: 'n'.repeat(501) }, identity: finance }, check: fails('ValidationError', 'note must be at most 500 characters') },
    { name: 'a decision with a note is fine', fn: 'request', ctx: { arguments: { id: 'ref-1', approve: false, note: 'No photos' }, identity: finance }, check: returns({}) },
    { name: 'the refund read again', fn: 'response', ctx: { arguments: { id: 'ref-1', approve: true }, prev: { result: refund('APPROVED') } }, check: returns(refund('APPROVED')) },
  ],
  'schema/resolvers/Mutation.saveProduct.js': [
    { name: 'a create: a new id and updatedAt, AWSJSON attributes kept parsed', fn: 'request', ctx: { arguments: { input: productInput }, identity: catalog },
      check: (out) => {
        expect(ok(out)).toEqual({});
        expect(out.stash.product).toEqual({ ...productInput, id: UUID, updatedAt: ISO });
      } },
    { name: 'a change keeps the id', fn: 'request', ctx: { arguments: { input: { ...productInput, id: 'prod-cuban', expectedUpdatedAt: product.updatedAt } }, identity: catalog },
      check: (out) => expect(out.stash.product.id).toBe('prod-cuban') },
    { name: 'a change without expectedUpdatedAt, a blank name and EUR are a ValidationError', fn: 'request', ctx: { arguments: { input: { ...productInput, id: 'prod-cuban', name: ' ', price: { amount: 10, currency: 'EUR' } } }, identity: catalog },
      check: fails('ValidationError', 'name must be 1 to 200 characters; price.currency must be USD; expectedUpdatedAt is required to change a product') },
    { name: 'a price of $0.00 is a ValidationError (red before: only negatives were refused)', fn: 'request', ctx: { arguments: { input: { ...productInput, price: { amount: 0, currency: 'USD' } } }, identity: catalog },
      check: fails('ValidationError', 'price must be between 0.01 and 10000.00') },
    { name: 'a price over $10,000.00 is a ValidationError', fn: 'request', ctx: { arguments: { input: { ...productInput, price: { amount: 1000001, currency: 'USD' } } }, identity: catalog },
      check: fails('ValidationError', 'price must be between 0.01 and 10000.00') },
    { name: '1 cent and $10,000.00 are the bounds', fn: 'request', ctx: { arguments: { input: { ...productInput, price: { amount: 1000000, currency: 'USD' } } }, identity: catalog }, check: returns({}) },
    { name: 'the stored product', fn: 'response', ctx: { arguments: { input: productInput }, prev: { result: product } }, check: returns(product) },
  ],
  'schema/resolvers/Mutation.restock.js': [
    { name: 'quantity 0 is a ValidationError', fn: 'request', ctx: { arguments: { productId: 'prod-cuban', quantity: 0 }, identity: warehouse }, check: fails('ValidationError', 'quantity must be a non-zero number of units between -100000 and 100000') },
    { name: 'a write-off of 5 is fine', fn: 'request', ctx: { arguments: { productId: 'prod-cuban', quantity: -5, note: 'Water damage' }, identity: warehouse }, check: returns({}) },
    { name: 'the product from the stash', fn: 'response', ctx: { arguments: { productId: 'prod-cuban', quantity: 10 }, stash: { product }, prev: { result: product } }, check: returns(product) },
  ],
  'schema/resolvers/Mutation.publishOrderUpdate.js': [
    { name: 'a consistent GetItem of the order', fn: 'request', ctx: { arguments: { id: 'ord-1' }, identity: null }, check: getItem({ id: 'ord-1' }, true) },
    { name: 'the order as it now stands', fn: 'response', ctx: { arguments: { id: 'ord-1' }, result: order('PACKING') }, check: returns(order('PACKING')) },
    { name: 'no order is NotFound', fn: 'response', ctx: { arguments: { id: 'ord-9' }, result: null }, check: fails('NotFound', 'Order not found') },
  ],
  'schema/resolvers/Subscription.onOrderUpdated.js': [
    { name: 'request: a NONE data source payload', fn: 'request', ctx: { arguments: {}, identity: shopper }, check: returns({ payload: null }) },
    { name: 'a shopper is filtered to their own userId', fn: 'response', ctx: { arguments: {}, identity: shopper, info: info('Subscription', 'onOrderUpdated') },
      check: (out) => { expect(ok(out)).toBeNull(); expect(out.logs.map((l) => JSON.parse(l))).toEqual([{ filterGroup: [{ filters: [{ fieldName: 'userId', operator: 'eq', value: 'user-ana' }] }] }]); } },
    { name: 'a shopper naming an order: that id and their userId', fn: 'response', ctx: { arguments: { id: 'ord-1' }, identity: shopper },
      check: (out) => expect(out.logs.map((l) => JSON.parse(l))).toEqual([{ filterGroup: [{ filters: [{ fieldName: 'id', operator: 'eq', value: 'ord-1' }, { fieldName: 'userId', operator: 'eq', value: 'user-ana' }] }] }]) },
    { name: 'support: no filter, every order', fn: 'response', ctx: { arguments: {}, identity: support }, check: (out) => { expect(ok(out)).toBeNull(); expect(out.logs).toEqual([]); } },
    { name: 'support naming an order: only the id', fn: 'response', ctx: { arguments: { id: 'ord-1' }, identity: support },
      check: (out) => expect(out.logs.map((l) => JSON.parse(l))).toEqual([{ filterGroup: [{ filters: [{ fieldName: 'id', operator: 'eq', value: 'ord-1' }] }] }]) },
  ],

  // ---------------------------------------------------------------- functions
  'schema/functions/loadReadableOrder.js': [
    { name: 'by id (order, cancelOrder)', fn: 'request', ctx: { arguments: { id: 'ord-1' }, identity: shopper }, check: getItem({ id: 'ord-1' }, true) },
    { name: 'by orderId (confirmPacked, updateDelivery)', fn: 'request', ctx: { arguments: { orderId: 'ord-2', packages: 1 }, identity: warehouse }, check: getItem({ id: 'ord-2' }, true) },
    { name: 'by input.orderId (requestRefund)', fn: 'request', ctx: { arguments: { input: { ...refundInput, orderId: 'ord-3' } }, identity: shopper }, check: getItem({ id: 'ord-3' }, true) },
    { name: 'the owner reads it; it goes to the stash', fn: 'response', ctx: { arguments: { id: 'ord-1' }, identity: shopper, result: order('PLACED') },
      check: (out) => { expect(ok(out)).toEqual(order('PLACED')); expect(out.stash.order).toEqual(order('PLACED')); } },
    { name: 'staff (delivery) read any order', fn: 'response', ctx: { arguments: { orderId: 'ord-1' }, identity: delivery, result: order('SHIPPED') }, check: returns(order('SHIPPED')) },
    { name: 'another shopper gets NotFound (existence not leaked)', fn: 'response', ctx: { arguments: { id: 'ord-1' }, identity: otherShopper, result: order('PLACED') },
      check: (out) => { fails('NotFound', 'Order not found')(out); expect(out.stash).toEqual({}); } },
    { name: 'no order is NotFound', fn: 'response', ctx: { arguments: { id: 'ord-9' }, identity: support, result: null }, check: fails('NotFound', 'Order not found') },
  ],
  'schema/functions/loadProduct.js': [
    { name: 'a GetItem by productId', fn: 'request', ctx: { arguments: { productId: 'prod-cuban', quantity: 10 }, identity: warehouse }, check: getItem({ id: 'prod-cuban' }, false) },
    { name: 'found: into the stash', fn: 'response', ctx: { arguments: { productId: 'prod-cuban', quantity: 10 }, result: product },
      check: (out) => { expect(ok(out)).toEqual(product); expect(out.stash).toEqual({ product }); } },
    { name: 'none is NotFound', fn: 'response', ctx: { arguments: { productId: 'prod-none', quantity: 10 }, result: null }, check: fails('NotFound', 'Product not found') },
  ],
  'schema/functions/checkProductVersion.js': [
    { name: 'a create skips the check (early null)', fn: 'request', ctx: { arguments: { input: productInput }, identity: catalog }, check: returns(null) },
    { name: 'a change reads the product consistently', fn: 'request', ctx: { arguments: { input: { ...productInput, id: 'prod-cuban', expectedUpdatedAt: product.updatedAt } }, identity: catalog }, check: getItem({ id: 'prod-cuban' }, true) },
    { name: 'the updatedAt the editor saw: passes', fn: 'response', ctx: { arguments: { input: { ...productInput, id: 'prod-cuban', expectedUpdatedAt: product.updatedAt } }, result: product }, check: returns(product) },
    { name: 'changed since: InvalidState', fn: 'response', ctx: { arguments: { input: { ...productInput, id: 'prod-cuban', expectedUpdatedAt: '2026-01-01T00:00:00.000Z' } }, result: product },
      check: fails('InvalidState', `The product was changed at ${product.updatedAt}; reload it and apply your change again`) },
    { name: 'an unknown id: NotFound', fn: 'response', ctx: { arguments: { input: { ...productInput, id: 'prod-none', expectedUpdatedAt: product.updatedAt } }, result: null }, check: fails('NotFound', 'Product not found') },
  ],
  'schema/functions/putProduct.js': [
    { name: 'a create: PutItem only if the id is new', fn: 'request', ctx: { arguments: { input: productInput }, identity: catalog, stash: { product } },
      check: (out) => expect(ok(out)).toEqual({ operation: 'PutItem', key: { id: { S: 'prod-cuban' } }, attributeValues: expect.objectContaining({ id: { S: 'prod-cuban' }, price: { M: { amount: { N: 4500 }, currency: { S: 'USD' } } }, onSale: { BOOL: true } }),
        condition: { expression: '(attribute_not_exists(#id))', expressionNames: { '#id': 'id' }, expressionValues: {} } }) },
    { name: 'a change: PutItem only if updatedAt is still the one seen', fn: 'request', ctx: { arguments: { input: { ...productInput, id: 'prod-cuban', expectedUpdatedAt: '2026-11-20T10:00:00.000Z' } }, identity: catalog, stash: { product } },
      check: (out) => expect(ok(out).condition).toEqual({ expression: '(#updatedAt = :updatedAt_eq)', expressionNames: { '#updatedAt': 'updatedAt' }, expressionValues: { ':updatedAt_eq': { S: '2026-11-20T10:00:00.000Z' } } }) },
    { name: 'a lost race (ConditionalCheckFailed): InvalidState', fn: 'response', ctx: { arguments: { input: productInput }, stash: { product }, error: ddbError('ConditionalCheckFailedException', 'The conditional request failed') },
      check: fails('InvalidState', 'The product was changed by someone else; reload it and apply your change again') },
    { name: 'the written product', fn: 'response', ctx: { arguments: { input: productInput }, stash: { product }, result: product }, check: returns(product) },
  ],
  'schema/functions/adjustStock.js': [
    { name: 'a write-off: the allocation update, conditional on enough available, and a movement row, in one transaction', fn: 'request', ctx: { arguments: { productId: 'prod-cuban', quantity: -3, note: 'Water damage' }, identity: warehouse, stash: { product } },
      check: (out) => {
        const request = ok(out);
        expect(request.operation).toBe('TransactWriteItems');
        const [update, movement] = request.transactItems;
        expect(update).toMatchObject({ table: 'bigsmokes-inventory', operation: 'UpdateItem', key: { pk: { S: 'PRODUCT#prod-cuban' }, sk: { S: 'REGION#us-east-1' } },
          condition: { expression: '(#available >= :available_ge)', expressionNames: { '#available': 'available' }, expressionValues: { ':available_ge': { N: 3 } } } });
        expect(update.update.expression).toBe('SET #productId = :productId, #region = :region, #updatedAt = :updatedAt ADD #available :available');
        expect(update.update.expressionValues[':available']).toEqual({ N: -3 });
        expect(movement).toMatchObject({ table: 'bigsmokes-inventory', operation: 'PutItem', key: { pk: { S: 'PRODUCT#prod-cuban' } },
          attributeValues: { quantity: { N: -3 }, note: { S: 'Water damage' }, by: { S: 'wes' }, region: { S: 'us-east-1' } } });
        expect(movement.key.sk.S).toMatch(/^MOVEMENT#\d{4}-.+Z#[0-9A-HJKMNP-TV-Z]{26}$/);
      } },
    { name: 'goods received: no condition', fn: 'request', ctx: { arguments: { productId: 'prod-cuban', quantity: 24 }, identity: warehouse, stash: { product } },
      check: (out) => { const [update, movement] = ok(out).transactItems; expect(update.condition).toBeUndefined(); expect(movement.attributeValues.note).toEqual({ NULL: null }); } },
    { name: 'a cancelled transaction (below reserved) is a ValidationError', fn: 'response', ctx: { arguments: { productId: 'prod-cuban', quantity: -300 }, stash: { product }, error: ddbError('TransactionCanceledException', 'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]') },
      check: fails('ValidationError', 'A write-off cannot take the stock below what is reserved for orders') },
    { name: 'the product from the stash', fn: 'response', ctx: { arguments: { productId: 'prod-cuban', quantity: 24 }, stash: { product }, result: { keys: [], cancellationReasons: null } }, check: returns(product) },
  ],
  'schema/functions/startCheckout.js': [
    { name: 'StartSyncExecution of the Checkout machine with the stashed input', fn: 'request', ctx: { arguments: { input: placeOrderInput }, identity: shopper, stash: { checkoutInput: { idempotencyKey: 'cart-7f3a', userId: 'user-ana' } } },
      check: (out) => expect(stepFunctionsCall(out, 'StartSyncExecution')).toEqual({ stateMachineArn: env.CHECKOUT_STATE_MACHINE_ARN, input: JSON.stringify({ idempotencyKey: 'cart-7f3a', userId: 'user-ana' }) }) },
    { name: 'SUCCEEDED: the execution\'s output', fn: 'response', ctx: { arguments: { input: placeOrderInput }, result: http(200, { status: 'SUCCEEDED', output: '{"orderId":"ord-1","total":{"amount":9000,"currency":"USD"}}' }) },
      check: returns({ orderId: 'ord-1', total: { amount: 9000, currency: 'USD' } }) },
    { name: 'FAILED with a Lambda error JSON cause: its errorMessage, the Error as type', fn: 'response', ctx: { arguments: { input: placeOrderInput },
      result: http(200, { status: 'FAILED', error: 'OutOfStock', cause: JSON.stringify({ errorMessage: 'Only 1 of Cohiba Siglo VI left', errorType: 'OutOfStock', trace: ['OutOfStock: Only 1 left', '    at reserve (/var/task/index.mjs:1:1)'] }) }) },
      check: fails('OutOfStock', 'Only 1 of Cohiba Siglo VI left') },
    { name: 'FAILED with a cause Step Functions cut short (not JSON): a plain message, never a runtime error', fn: 'response', ctx: { arguments: { input: placeOrderInput },
      result: http(200, { status: 'FAILED', error: 'OutOfStock', cause: '{"errorMessage":"trunc' }) }, check: fails('OutOfStock', 'Checkout did not complete') },
    { name: 'FAILED with a plain cause', fn: 'response', ctx: { arguments: { input: placeOrderInput }, result: http(200, { status: 'FAILED', error: 'PaymentDeclined', cause: 'The card was declined' }) }, check: fails('PaymentDeclined', 'The card was declined') },
    { name: 'TIMED_OUT without error or cause: CheckoutFailed', fn: 'response', ctx: { arguments: { input: placeOrderInput }, result: http(200, { status: 'TIMED_OUT' }) }, check: fails('CheckoutFailed', 'Checkout did not complete') },
    { name: 'Step Functions refusing the start keeps its __type', fn: 'response', ctx: { arguments: { input: placeOrderInput }, result: http(400, { __type: 'StateMachineDoesNotExist', message: 'State Machine Does Not Exist' }) },
      check: fails('StateMachineDoesNotExist', 'State Machine Does Not Exist') },
  ],
  'schema/functions/loadPlacedOrder.js': [
    { name: 'the order Checkout stored, read consistently', fn: 'request', ctx: { arguments: { input: placeOrderInput }, identity: shopper, prev: { result: { orderId: 'ord-1' } } }, check: getItem({ id: 'ord-1' }, true) },
    { name: 'an order another region placed (a retry sent here): the order Checkout answered with, nothing read', fn: 'request', ctx: { arguments: { input: placeOrderInput }, identity: shopper, prev: { result: { orderId: 'ord-1', placedIn: 'eu-west-1', order: order('PLACED', { homeRegion: 'eu-west-1' }) } } },
      check: returns(order('PLACED', { homeRegion: 'eu-west-1' })) },
    { name: 'the order', fn: 'response', ctx: { arguments: { input: placeOrderInput }, prev: { result: { orderId: 'ord-1' } }, result: order('PLACED') }, check: returns(order('PLACED')) },
    { name: 'not stored: InternalFailure', fn: 'response', ctx: { arguments: { input: placeOrderInput }, prev: { result: { orderId: 'ord-1' } }, result: null }, check: fails('InternalFailure', 'The order was not stored') },
  ],
  'schema/functions/assignOrderNumber.js': [
    { name: 'a new order: the next number of this region\'s counter', fn: 'request', ctx: { arguments: { input: placeOrderInput }, identity: shopper, prev: { result: order('PLACED', { homeRegion: 'us-east-1' }) } },
      check: (out) => expect(ok(out)).toMatchObject({ operation: 'UpdateItem', key: { id: { S: 'SEQUENCE#ORDER_NUMBER#us-east-1' } } }) },
    { name: 'an order another region placed (a retry sent here): not numbered here, only its owner writes it', fn: 'request', ctx: { arguments: { input: placeOrderInput }, identity: shopper, prev: { result: order('PLACED', { homeRegion: 'eu-west-1' }) } },
      check: returns(order('PLACED', { homeRegion: 'eu-west-1' })) },
    { name: 'a repeat of a numbered order: the order, no number drawn', fn: 'request', ctx: { arguments: { input: placeOrderInput }, identity: shopper, prev: { result: order('PLACED', { orderNumber: 'BS-10007' }) } },
      check: returns(order('PLACED', { orderNumber: 'BS-10007' })) },
    { name: 'counter 42 in the primary region: BS-10042', fn: 'response', ctx: { arguments: { input: placeOrderInput }, prev: { result: order('PLACED') }, result: { id: 'SEQUENCE#ORDER_NUMBER#us-east-1', next: 42 } },
      check: (out) => { expect(ok(out)).toEqual(order('PLACED')); expect(out.stash.orderNumber).toBe('BS-10042'); } },
  ],
  'schema/functions/recordOrderNumber.js': [
    { name: 'number, lower-case email and name on the order, only once', fn: 'request', ctx: { arguments: { input: placeOrderInput }, identity: { ...shopper, claims: { ...shopper.claims, email: 'Ana@Example.com' } }, stash: { orderNumber: 'BS-10042' }, prev: { result: order('PLACED') } },
      check: (out) => {
        const request = ok(out);
        expect(request).toMatchObject({ operation: 'UpdateItem', key: { id: { S: 'ord-1' } } });
        expect(Object.values(request.update.expressionValues)).toEqual(expect.arrayContaining([{ S: 'BS-10042' }, { S: 'ana@example.com' }, { S: 'ana lima' }]));
        expect(request.condition.expression).toMatch(/attribute_not_exists\(#orderNumber\)/);
      } },
    { name: 'nothing drawn (a repeat): the order as it is', fn: 'request', ctx: { arguments: { input: placeOrderInput }, identity: shopper, prev: { result: order('PLACED', { orderNumber: 'BS-10007' }) } },
      check: returns(order('PLACED', { orderNumber: 'BS-10007' })) },
    { name: 'the placed order with its number, whatever status the saga has reached since', fn: 'response', ctx: { arguments: { input: placeOrderInput }, stash: { orderNumber: 'BS-10042', customerFields: { orderNumber: 'BS-10042', customerNameLower: 'ana lima' } }, prev: { result: order('PLACED') }, result: order('PACKING', { orderNumber: 'BS-10042' }) },
      check: returns({ ...order('PLACED'), orderNumber: 'BS-10042', customerNameLower: 'ana lima' }) },
    { name: 'numbered concurrently: the order as placed', fn: 'response', ctx: { arguments: { input: placeOrderInput }, stash: { orderNumber: 'BS-10043' }, prev: { result: order('PLACED') }, error: ddbError('ConditionalCheckFailedException', 'The conditional request failed') },
      check: returns(order('PLACED')) },
  ],
  'schema/functions/findOrderNumber.js': [
    { name: '"bs 10042" is BS-10042, on the byNumber index', fn: 'request', ctx: { arguments: { number: ' bs 10042' }, identity: support },
      check: returns({ ...query('byNumber', '#orderNumber = :orderNumber_eq', { '#orderNumber': 'orderNumber' }, { ':orderNumber_eq': { S: 'BS-10042' } }), limit: 1 }) },
    { name: 'the order', fn: 'response', ctx: { arguments: { number: 'BS-10042' }, stash: { orderNumber: 'BS-10042' }, result: { items: [order('PLACED', { orderNumber: 'BS-10042' })] } },
      check: returns(order('PLACED', { orderNumber: 'BS-10042' })) },
    { name: 'no such number: NotFound', fn: 'response', ctx: { arguments: { number: 'BS-1' }, stash: { orderNumber: 'BS-1' }, result: { items: [] } }, check: fails('NotFound', 'No order has the number BS-1') },
  ],
  'schema/functions/requireOrderHome.js': [
    { name: 'reads the order named by the stash, strongly consistent', fn: 'request', ctx: { arguments: {}, identity: support, stash: { orderIdForRegion: 'ord-1' } }, check: getItem({ id: 'ord-1' }, true) },
    { name: 'a refund\'s order when the stash holds the refund', fn: 'request', ctx: { arguments: {}, identity: finance, stash: { refund: refund('AWAITING_APPROVAL') } }, check: getItem({ id: 'ord-1' }, true) },
    { name: 'nothing named: nothing to check', fn: 'request', ctx: { arguments: {}, identity: support, stash: {} }, check: returns(null) },
    { name: 'owned here: the order', fn: 'response', ctx: { arguments: {}, result: order('PACKING', { homeRegion: 'us-east-1' }) }, check: returns(order('PACKING', { homeRegion: 'us-east-1' })) },
    { name: 'owned elsewhere: WrongRegion naming the owner', fn: 'response', ctx: { arguments: {}, result: order('PACKING', { homeRegion: 'eu-west-1' }) },
      check: fails('WrongRegion', 'Order ord-1 is handled by eu-west-1; send this request there') },
  ],
  'schema/functions/loadExecutionRefund.js': [
    { name: 'a refund saga\'s refund, strongly consistent', fn: 'request', ctx: { arguments: {}, identity: support, stash: { refundIdForRegion: 'ref-1' } }, check: getItem({ pk: 'REFUND#ref-1', sk: 'REFUND' }, true) },
    { name: 'not a refund saga: nothing to load', fn: 'request', ctx: { arguments: {}, identity: support, stash: { orderIdForRegion: 'ord-1' } }, check: returns(null) },
    { name: 'the refund, kept in the stash', fn: 'response', ctx: { arguments: {}, stash: { refundIdForRegion: 'ref-1' }, result: refund('FAILED') },
      check: (out) => { expect(ok(out)).toEqual(refund('FAILED')); expect(out.stash.refund).toEqual(refund('FAILED')); } },
  ],
  'schema/functions/markOrderCancelled.js': [
    { name: 'the owner: UpdateItem to CANCELLED with history, conditional on a cancellable status', fn: 'request', ctx: { arguments: { id: 'ord-1' }, identity: shopper, stash: { order: order('PACKING') } },
      check: (out) => {
        const request = ok(out);
        expect(request).toMatchObject({ operation: 'UpdateItem', key: { id: { S: 'ord-1' } },
          condition: { expression: '(#status IN (:status_in_0, :status_in_1, :status_in_2)) AND (#homeRegion = :homeRegion_eq)', expressionNames: { '#status': 'status', '#homeRegion': 'homeRegion' }, expressionValues: { ':status_in_0': { S: 'PLACED' }, ':status_in_1': { S: 'PACKING' }, ':status_in_2': { S: 'PACKED' }, ':homeRegion_eq': { S: 'us-east-1' } } } });
        // AWS's rendering of ddb.operations (numbered placeholders; append is list_append on the order's history).
        expect(request.update.expression).toBe('SET #expName_1 = :expValue_1, #expName_2 = :expValue_2, #expName_3 = :expValue_3, #expName_4 = :expValue_4, #expName_5 = list_append(#expName_5, :expValue_5)');
        expect(request.update.expressionNames).toEqual({ '#expName_1': 'status', '#expName_2': 'updatedAt', '#expName_3': 'cancelledAt', '#expName_4': 'cancelledBy', '#expName_5': 'history' });
        expect(request.update.expressionValues).toMatchObject({ ':expValue_1': { S: 'CANCELLED' }, ':expValue_4': { S: 'user-ana' } });
        expect(request.update.expressionValues[':expValue_5'].L[0].M.note).toEqual({ S: 'Cancelled by the customer' });
      } },
    { name: 'support cancels another\'s order', fn: 'request', ctx: { arguments: { id: 'ord-1' }, identity: support, stash: { order: order('PLACED') } },
      check: (out) => expect(ok(out).update.expressionValues[':expValue_5'].L[0].M.note).toEqual({ S: 'Cancelled by support' }) },
    { name: 'another shopper (even warehouse staff) is Unauthorized', fn: 'request', ctx: { arguments: { id: 'ord-1' }, identity: warehouse, stash: { order: order('PLACED') } },
      check: fails('Unauthorized', 'Only the order\'s owner or support may cancel it') },
    { name: 'a SHIPPED order is InvalidState', fn: 'request', ctx: { arguments: { id: 'ord-1' }, identity: shopper, stash: { order: order('SHIPPED') } },
      check: fails('InvalidState', 'Order ord-1 is SHIPPED; it can be cancelled only until it ships') },
    { name: 'the order moved on (ConditionalCheckFailed): InvalidState', fn: 'response', ctx: { arguments: { id: 'ord-1' }, identity: shopper, stash: { order: order('PACKED') }, error: ddbError('ConditionalCheckFailedException', 'The conditional request failed') },
      check: fails('InvalidState', 'The order moved on while it was being cancelled; it can be cancelled only until it ships') },
    { name: 'the cancelled order and its time go to the stash for publishing', fn: 'response', ctx: { arguments: { id: 'ord-1' }, identity: shopper, stash: { order: order('PACKED') }, result: order('CANCELLED', { updatedAt: '2026-11-21T09:00:00.000Z' }) },
      check: (out) => { expect(ok(out).status).toBe('CANCELLED'); expect(out.stash).toEqual({ order: order('CANCELLED', { updatedAt: '2026-11-21T09:00:00.000Z' }), publishAt: '2026-11-21T09:00:00.000Z' }); } },
  ],
  'schema/functions/loadPackingRequest.js': [
    { name: 'the order\'s PACKING row, read consistently', fn: 'request', ctx: { arguments: { orderId: 'ord-1', packages: 2 }, identity: warehouse, stash: { order: order('PACKING') } }, check: getItem({ pk: 'ORDER#ord-1', sk: 'PACKING' }, true) },
    { name: 'confirmPacked: succeed the packing task with the packages and the packer', fn: 'response', ctx: { arguments: { orderId: 'ord-1', packages: 2 }, identity: warehouse, stash: { order: order('PACKING') }, result: packingRow, info: info('Mutation', 'confirmPacked') },
      check: (out) => { expect(ok(out)).toEqual(packingRow); expect(out.stash.taskOutcome).toEqual({ token: 'token-packing', output: { packages: 2, by: 'wes' } }); } },
    { name: 'reportPackingFailed: fail it with PackingFailed and the reason', fn: 'response', ctx: { arguments: { orderId: 'ord-1', reason: 'Humidor damaged' }, identity: warehouse, stash: { order: order('PACKING') }, result: packingRow, info: info('Mutation', 'reportPackingFailed') },
      check: (out) => expect(out.stash.taskOutcome).toEqual({ token: 'token-packing', error: 'PackingFailed', cause: 'Humidor damaged' }) },
    { name: 'cancelOrder while the saga waits: fail it with OrderCancelled, a stale token is fine', fn: 'response', ctx: { arguments: { id: 'ord-1' }, identity: shopper, stash: { order: order('CANCELLED') }, result: packingRow, info: info('Mutation', 'cancelOrder') },
      check: (out) => { expect(out.stash.taskOutcome).toEqual({ token: 'token-packing', error: 'OrderCancelled', cause: 'The order was cancelled' }); expect(out.stash.staleTokenIsFine).toBe(true); } },
    { name: 'cancelOrder before packing was requested: nothing to tell', fn: 'response', ctx: { arguments: { id: 'ord-1' }, identity: shopper, stash: { order: order('CANCELLED') }, result: null, info: info('Mutation', 'cancelOrder') },
      check: (out) => { expect(ok(out)).toBeNull(); expect(out.stash.taskOutcome).toBeUndefined(); } },
    { name: 'confirmPacked on a PLACED order: InvalidState', fn: 'response', ctx: { arguments: { orderId: 'ord-1', packages: 2 }, identity: warehouse, stash: { order: order('PLACED') }, result: null, info: info('Mutation', 'confirmPacked') },
      check: fails('InvalidState', 'Order ord-1 is PLACED, not waiting to be packed') },
  ],
  'schema/functions/sendTaskOutcome.js': [
    { name: 'nothing to send: early null', fn: 'request', ctx: { arguments: { id: 'ord-1' }, identity: shopper, stash: {} }, check: returns(null) },
    { name: 'an output: SendTaskSuccess with the output as a JSON string', fn: 'request', ctx: { arguments: { orderId: 'ord-1', packages: 2 }, identity: warehouse, stash: { taskOutcome: { token: 'token-packing', output: { packages: 2, by: 'wes' } } } },
      check: (out) => expect(stepFunctionsCall(out, 'SendTaskSuccess')).toEqual({ taskToken: 'token-packing', output: '{"packages":2,"by":"wes"}' }) },
    { name: 'an error: SendTaskFailure with error and cause', fn: 'request', ctx: { arguments: { orderId: 'ord-1', reason: 'Humidor damaged' }, identity: warehouse, stash: { taskOutcome: { token: 'token-packing', error: 'PackingFailed', cause: 'Humidor damaged' } } },
      check: (out) => expect(stepFunctionsCall(out, 'SendTaskFailure')).toEqual({ taskToken: 'token-packing', error: 'PackingFailed', cause: 'Humidor damaged' }) },
    { name: '200: true', fn: 'response', ctx: { arguments: {}, stash: { taskOutcome: { token: 't' } }, result: http(200, {}) }, check: returns(true) },
    { name: 'a timed-out token when only stopping a wait: false', fn: 'response', ctx: { arguments: {}, stash: { staleTokenIsFine: true }, result: http(400, { __type: 'TaskTimedOut', message: 'Task Timed Out' }) }, check: returns(false) },
    { name: 'a token that no longer waits: InvalidState', fn: 'response', ctx: { arguments: {}, stash: {}, result: http(400, { __type: 'com.amazonaws.swf.service.v2.model#TaskDoesNotExist', message: 'Task does not exist' }) },
      check: fails('InvalidState', 'The step is no longer waiting for this answer') },
    { name: 'another refusal keeps its __type', fn: 'response', ctx: { arguments: {}, stash: {}, result: http(400, { __type: 'InvalidOutput', message: 'Invalid output' }) }, check: fails('InvalidOutput', 'Invalid output') },
  ],
  'schema/functions/publishOrderStatus.js': [
    { name: 'nothing changed: early null', fn: 'request', ctx: { arguments: { id: 'ord-1' }, identity: shopper, stash: { order: order('PLACED') } }, check: returns(null) },
    { name: 'Invoke PublishStatus with the order and the change\'s time', fn: 'request', ctx: { arguments: { id: 'ord-1' }, identity: shopper, stash: { order: order('CANCELLED'), publishAt: '2026-11-21T09:00:00.000Z' } },
      check: returns({ operation: 'Invoke', payload: { orderId: 'ord-1', at: '2026-11-21T09:00:00.000Z' } }) },
    { name: 'a Lambda error is raised with its type', fn: 'response', ctx: { arguments: { id: 'ord-1' }, error: { type: 'Lambda:Unhandled', message: 'Task timed out' } }, check: fails('Lambda:Unhandled', 'Task timed out') },
  ],
  'schema/functions/loadOrderAgain.js': [
    { name: 'the stashed order, read consistently', fn: 'request', ctx: { arguments: { orderId: 'ord-1' }, identity: warehouse, stash: { order: order('PACKING') } }, check: getItem({ id: 'ord-1' }, true) },
    { name: 'the order as it now stands', fn: 'response', ctx: { arguments: { orderId: 'ord-1' }, stash: { order: order('PACKING') }, result: order('PACKED') }, check: returns(order('PACKED')) },
  ],
  'schema/functions/loadShipment.js': [
    { name: 'the shipment of a SHIPPED order', fn: 'request', ctx: { arguments: { orderId: 'ord-1', status: 'DELIVERED' }, identity: delivery, stash: { order: order('SHIPPED') } }, check: getItem({ orderId: 'ord-1' }, true) },
    { name: 'a DELIVERED order: InvalidState', fn: 'request', ctx: { arguments: { orderId: 'ord-1', status: 'DELIVERED' }, identity: delivery, stash: { order: order('DELIVERED') } },
      check: fails('InvalidState', 'Order ord-1 is DELIVERED; delivery updates apply to SHIPPED orders') },
    { name: 'DELIVERED: succeed the delivery wait', fn: 'response', ctx: { arguments: { orderId: 'ord-1', status: 'DELIVERED', note: 'Left with neighbour' }, identity: delivery, stash: { order: order('SHIPPED') }, result: shipment },
      check: (out) => { expect(ok(out)).toEqual(shipment); expect(out.stash.taskOutcome).toEqual({ token: 'token-delivery', output: { status: 'DELIVERED', note: 'Left with neighbour' } }); } },
    { name: 'FAILED: fail it with DeliveryFailed', fn: 'response', ctx: { arguments: { orderId: 'ord-1', status: 'FAILED' }, identity: delivery, stash: { order: order('SHIPPED') }, result: shipment },
      check: (out) => expect(out.stash.taskOutcome).toEqual({ token: 'token-delivery', error: 'DeliveryFailed', cause: 'The carrier reported the delivery failed' }) },
    { name: 'IN_TRANSIT: only history, nothing to tell the saga', fn: 'response', ctx: { arguments: { orderId: 'ord-1', status: 'IN_TRANSIT' }, identity: delivery, stash: { order: order('SHIPPED') }, result: shipment },
      check: (out) => { expect(ok(out)).toEqual(shipment); expect(out.stash.taskOutcome).toBeUndefined(); } },
    { name: 'no task token yet: InvalidState', fn: 'response', ctx: { arguments: { orderId: 'ord-1', status: 'DELIVERED' }, identity: delivery, stash: { order: order('SHIPPED') }, result: { orderId: 'ord-1' } },
      check: fails('InvalidState', 'Order ord-1 is not yet waiting for its delivery') },
  ],
  'schema/functions/appendTransitNote.js': [
    { name: 'DELIVERED without a note: early null', fn: 'request', ctx: { arguments: { orderId: 'ord-1', status: 'DELIVERED' }, identity: delivery, stash: { order: order('SHIPPED') } }, check: returns(null) },
    { name: 'DELIVERED with a note: the note as a SHIPPED entry, not announced here', fn: 'request', ctx: { arguments: { orderId: 'ord-1', status: 'DELIVERED', note: 'Signed for by A. Lima' }, identity: delivery, stash: { order: order('SHIPPED') } },
      check: (out) => {
        expect(ok(out).update.expressionValues[':expValue_2']).toEqual({ L: [{ M: { status: { S: 'SHIPPED' }, at: { S: ISO }, note: { S: 'Signed for by A. Lima' } } }] });
      } },
    { name: 'IN_TRANSIT: a SHIPPED history entry, conditional on SHIPPED', fn: 'request', ctx: { arguments: { orderId: 'ord-1', status: 'IN_TRANSIT', note: 'Arrived at hub' }, identity: delivery, stash: { order: order('SHIPPED') } },
      check: (out) => {
        const request = ok(out);
        expect(request).toMatchObject({ operation: 'UpdateItem', key: { id: { S: 'ord-1' } },
          condition: { expression: '(#status = :status_eq)', expressionNames: { '#status': 'status' }, expressionValues: { ':status_eq': { S: 'SHIPPED' } } } });
        expect(request.update.expression).toBe('SET #expName_1 = :expValue_1, #expName_2 = list_append(#expName_2, :expValue_2)');
        expect(request.update.expressionNames).toEqual({ '#expName_1': 'updatedAt', '#expName_2': 'history' });
        expect(request.update.expressionValues[':expValue_2']).toEqual({ L: [{ M: { status: { S: 'SHIPPED' }, at: { S: ISO }, note: { S: 'Arrived at hub' } } }] });
      } },
    { name: 'no longer SHIPPED (ConditionalCheckFailed): InvalidState', fn: 'response', ctx: { arguments: { orderId: 'ord-1', status: 'IN_TRANSIT' }, stash: { order: order('SHIPPED') }, error: ddbError('ConditionalCheckFailedException', 'The conditional request failed') },
      check: fails('InvalidState', 'The order is no longer SHIPPED') },
    { name: 'DELIVERED: the updated order, but nothing to publish (the saga announces it)', fn: 'response', ctx: { arguments: { orderId: 'ord-1', status: 'DELIVERED', note: 'Signed' }, stash: { order: order('SHIPPED') }, result: order('SHIPPED') },
      check: (out) => { expect(ok(out)).toEqual(order('SHIPPED')); expect(out.stash.publishAt).toBeUndefined(); } },
    { name: 'the updated order and its time go to the stash for publishing', fn: 'response', ctx: { arguments: { orderId: 'ord-1', status: 'IN_TRANSIT' }, stash: { order: order('SHIPPED') }, result: order('SHIPPED', { updatedAt: '2026-11-22T08:00:00.000Z' }) },
      check: (out) => expect(out.stash).toEqual({ order: order('SHIPPED', { updatedAt: '2026-11-22T08:00:00.000Z' }), publishAt: '2026-11-22T08:00:00.000Z' }) },
  ],
  'schema/functions/loadRefundForDecision.js': [
    { name: 'the refund record, read consistently', fn: 'request', ctx: { arguments: { id: 'ref-1', approve: true }, identity: finance }, check: getItem({ pk: 'REFUND#ref-1', sk: 'REFUND' }, true) },
    { name: 'waiting for approval: the decision goes to the approval step', fn: 'response', ctx: { arguments: { id: 'ref-1', approve: true, note: 'Photos match' }, identity: finance, result: awaiting },
      check: (out) => { expect(ok(out)).toEqual(awaiting); expect(out.stash).toEqual({ refund: awaiting, taskOutcome: { token: 'token-approval', output: { approved: true, decidedBy: 'staff-fay', note: 'Photos match' } } }); } },
    { name: 'not waiting: InvalidState', fn: 'response', ctx: { arguments: { id: 'ref-1', approve: true }, identity: finance, result: refund('REFUNDED') }, check: fails('InvalidState', 'Refund ref-1 is REFUNDED, not waiting for approval') },
    { name: 'one\'s own request: Unauthorized', fn: 'response', ctx: { arguments: { id: 'ref-1', approve: true }, identity: finance, result: { ...awaiting, requestedBy: 'staff-fay' } }, check: fails('Unauthorized', 'You may not decide a refund you requested') },
    { name: 'unknown: NotFound', fn: 'response', ctx: { arguments: { id: 'ref-9', approve: false }, identity: finance, result: null }, check: fails('NotFound', 'Refund not found') },
  ],
  'schema/functions/loadRefundAgain.js': [
    { name: 'the stashed refund, read consistently', fn: 'request', ctx: { arguments: { id: 'ref-1', approve: true }, identity: finance, stash: { refund: awaiting } }, check: getItem({ pk: 'REFUND#ref-1', sk: 'REFUND' }, true) },
    { name: 'the refund as it now stands', fn: 'response', ctx: { arguments: { id: 'ref-1', approve: true }, stash: { refund: awaiting }, result: refund('APPROVED') }, check: returns(refund('APPROVED')) },
  ],
  'schema/functions/findRefundKey.js': [
    { name: 'the key claimed for this order', fn: 'request', ctx: { arguments: { input: refundInput }, identity: shopper, stash: { order: order('SHIPPED'), refundRequest } }, check: getItem({ pk: 'REFUND-KEY#ord-1', sk: 'refund-1' }, true) },
    { name: 'unclaimed: null, a new refund', fn: 'response', ctx: { arguments: { input: refundInput }, stash: { order: order('SHIPPED'), refundRequest }, result: null }, check: (out) => { expect(ok(out)).toBeNull(); expect(out.stash.refundId).toBeUndefined(); } },
    { name: 'a repeat of the same request: the refund the key made', fn: 'response', ctx: { arguments: { input: refundInput }, stash: { order: order('SHIPPED'), refundRequest }, result: { pk: 'REFUND-KEY#ord-1', sk: 'refund-1', refundId: 'ref-1', request: refundRequest } },
      check: (out) => expect(out.stash.refundId).toBe('ref-1') },
    { name: 'the key with a different request: IdempotencyConflict', fn: 'response', ctx: { arguments: { input: refundInput }, stash: { order: order('SHIPPED'), refundRequest }, result: { refundId: 'ref-1', request: JSON.stringify({ amount: { amount: 100, currency: 'USD' }, reason: 'x', items: [] }) } },
      check: fails('IdempotencyConflict', 'This idempotency key was used with a different refund request') },
  ],
  'schema/functions/checkRefundable.js': [
    { name: 'a repeat (refundId known): early null', fn: 'request', ctx: { arguments: { input: refundInput }, identity: shopper, stash: { order: order('SHIPPED'), refundId: 'ref-1' } }, check: returns(null) },
    { name: 'the owner of a SHIPPED order: the CAPTURE payment, read consistently', fn: 'request', ctx: { arguments: { input: refundInput }, identity: shopper, stash: { order: order('SHIPPED') } }, check: getItem({ orderId: 'ord-1', operation: 'CAPTURE' }, true) },
    { name: 'support may request for a shopper', fn: 'request', ctx: { arguments: { input: refundInput }, identity: support, stash: { order: order('DELIVERED') } }, check: getItem({ orderId: 'ord-1', operation: 'CAPTURE' }, true) },
    { name: 'another staff member (finance) is Unauthorized', fn: 'request', ctx: { arguments: { input: refundInput }, identity: finance, stash: { order: order('SHIPPED') } }, check: fails('Unauthorized', 'Only the order\'s owner or support may request a refund') },
    { name: 'before shipping: InvalidState', fn: 'request', ctx: { arguments: { input: refundInput }, identity: shopper, stash: { order: order('PACKING') } }, check: fails('InvalidState', 'Order ord-1 is PACKING; refunds can be requested once it has shipped') },
    { name: 'an item not in the order: ValidationError', fn: 'request', ctx: { arguments: { input: { ...refundInput, items: [{ productId: 'prod-other', quantity: 1 }] } }, identity: shopper, stash: { order: order('SHIPPED') } },
      check: fails('ValidationError', 'Product prod-other is not in order ord-1') },
    { name: 'more returned than bought: ValidationError', fn: 'request', ctx: { arguments: { input: { ...refundInput, items: [{ productId: 'prod-cuban', quantity: 3 }] } }, identity: shopper, stash: { order: order('SHIPPED') } },
      check: fails('ValidationError', 'At most 2 of Cohiba Siglo VI can be returned') },
    { name: 'the same product on two lines counts once, summed: ValidationError', fn: 'request', ctx: { arguments: { input: { ...refundInput, items: [{ productId: 'prod-cuban', quantity: 2 }, { productId: 'prod-cuban', quantity: 2 }] } }, identity: shopper, stash: { order: order('SHIPPED') } },
      check: fails('ValidationError', 'At most 2 of Cohiba Siglo VI can be returned') },
    { name: 'within what is refundable: the capture', fn: 'response', ctx: { arguments: { input: refundInput }, identity: shopper, stash: { order: order('SHIPPED') }, result: capture }, check: returns(capture) },
    { name: 'more than is refundable: ValidationError', fn: 'response', ctx: { arguments: { input: { ...refundInput, amount: { amount: 5000, currency: 'USD' } } }, identity: shopper, stash: { order: order('SHIPPED') }, result: { ...capture, refundable: 4500 } },
      check: fails('ValidationError', 'At most USD 45.00 can still be refunded') },
    { name: 'nothing captured: InvalidState', fn: 'response', ctx: { arguments: { input: refundInput }, identity: shopper, stash: { order: order('SHIPPED') }, result: null }, check: fails('InvalidState', 'Nothing has been charged for this order yet') },
  ],
  'schema/functions/claimRefund.js': [
    { name: 'a repeat: early null', fn: 'request', ctx: { arguments: { input: refundInput }, identity: shopper, stash: { order: order('SHIPPED'), refundId: 'ref-1' } }, check: returns(null) },
    { name: 'claims the key (only if unclaimed) and creates the REQUESTED refund in one transaction', fn: 'request', ctx: { arguments: { input: refundInput }, identity: shopper, stash: { order: order('SHIPPED'), refundRequest } },
      check: (out) => {
        const request = ok(out);
        const refundId = out.stash.refundId as string;
        expect(refundId).toEqual(ULID);
        expect(request.operation).toBe('TransactWriteItems');
        const [key, record] = request.transactItems;
        expect(key).toEqual({ table: 'bigsmokes-refunds', operation: 'PutItem', key: { pk: { S: 'REFUND-KEY#ord-1' }, sk: { S: 'refund-1' } },
          attributeValues: { refundId: { S: refundId }, request: { S: refundRequest }, createdAt: { S: ISO } },
          condition: { expression: '(attribute_not_exists(#pk))', expressionNames: { '#pk': 'pk' }, expressionValues: {} } });
        expect(record).toMatchObject({ table: 'bigsmokes-refunds', operation: 'PutItem', key: { pk: { S: `REFUND#${refundId}` }, sk: { S: 'REFUND' } },
          attributeValues: { recordType: { S: 'REFUND' }, id: { S: refundId }, orderId: { S: 'ord-1' }, status: { S: 'REQUESTED' }, requestedBy: { S: 'user-ana' }, amount: { M: { amount: { N: 4500 }, currency: { S: 'USD' } } } } });
        expect(record.condition).toBeUndefined();
      } },
    { name: 'a concurrent claim (cancelled transaction): IdempotencyConflict', fn: 'response', ctx: { arguments: { input: refundInput }, stash: { order: order('SHIPPED'), refundId: 'ref-2' }, error: ddbError('TransactionCanceledException', 'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]') },
      check: fails('IdempotencyConflict', 'A request with this idempotency key is already being handled; try again') },
  ],
  'schema/functions/loadRefundById.js': [
    { name: 'the refund the request names', fn: 'request', ctx: { arguments: { input: refundInput }, identity: shopper, stash: { refundId: 'ref-1' } }, check: getItem({ pk: 'REFUND#ref-1', sk: 'REFUND' }, true) },
    { name: 'into the stash', fn: 'response', ctx: { arguments: { input: refundInput }, stash: { refundId: 'ref-1' }, result: refund('REQUESTED') },
      check: (out) => expect(out.stash.refund).toEqual(refund('REQUESTED')) },
    { name: 'missing: NotFound', fn: 'response', ctx: { arguments: { input: refundInput }, stash: { refundId: 'ref-1' }, result: null }, check: fails('NotFound', 'Refund not found') },
  ],
  'schema/functions/startRefund.js': [
    { name: 'after an adoption the name carries the order\'s epoch (refund-<id>-e<epoch>)', fn: 'request', ctx: { arguments: { input: refundInput }, identity: shopper, stash: { refund: refund('REQUESTED'), order: order('DELIVERED', { ownerEpoch: 2 }) } },
      check: (out) => { expect(stepFunctionsCall(out, 'StartExecution').name).toBe('refund-ref-1-e2'); } },
    { name: 'StartExecution of the refund alias, named refund-<id>, with the refund as input', fn: 'request', ctx: { arguments: { input: refundInput }, identity: shopper, stash: { refund: refund('REQUESTED'), order: order('DELIVERED', { ownerEpoch: 0 }) } },
      check: (out) => {
        const body = stepFunctionsCall(out, 'StartExecution');
        expect(body).toEqual({ stateMachineArn: env.REFUND_STATE_MACHINE_ARN, name: 'refund-ref-1', input: expect.any(String) });
        expect(JSON.parse(body.input as string)).toEqual({ refundId: 'ref-1', orderId: 'ord-1', amount: { amount: 4500, currency: 'USD' }, reason: 'Box arrived crushed', requestedBy: 'user-ana', items: [{ productId: 'prod-cuban', quantity: 1 }] });
      } },
    { name: 'started: the execution', fn: 'response', ctx: { arguments: { input: refundInput }, result: http(200, { executionArn: 'arn:aws:states:us-east-1:000000000000:execution:bigsmokes-refund:refund-ref-1', startDate: 1763632800.1 }) },
      check: returns({ executionArn: 'arn:aws:states:us-east-1:000000000000:execution:bigsmokes-refund:refund-ref-1', startDate: 1763632800.1 }) },
    { name: 'already run (a repeat): null, nothing to start', fn: 'response', ctx: { arguments: { input: refundInput }, result: http(400, { __type: 'ExecutionAlreadyExists', message: 'Execution Already Exists' }) }, check: returns(null) },
    { name: 'another refusal keeps its __type', fn: 'response', ctx: { arguments: { input: refundInput }, result: http(400, { __type: 'ExecutionLimitExceeded', message: 'Too many executions' }) }, check: fails('ExecutionLimitExceeded', 'Too many executions') },
  ],
  'schema/functions/describeExecution.js': [
    { name: 'DescribeExecution of the stashed execution', fn: 'request', ctx: { arguments: { orderId: 'ord-1' }, identity: support, stash: { executionArn: orderExecution, missingIsNull: true } },
      check: (out) => expect(stepFunctionsCall(out, 'DescribeExecution')).toEqual({ executionArn: orderExecution }) },
    { name: 'an ExecutionSummary: epoch seconds → ISO, error and cause as failure', fn: 'response', ctx: { arguments: { orderId: 'ord-1' }, stash: { executionArn: orderExecution }, result: http(200, describedFailed) }, check: returns(describedSummary) },
    { name: 'a running execution: no stopDate, no failure, redriveCount 0', fn: 'response', ctx: { arguments: { orderId: 'ord-1' }, stash: { executionArn: orderExecution },
      result: http(200, { executionArn: orderExecution, stateMachineArn: FULFILMENT, name: 'order-ord-1', status: 'RUNNING', startDate: 1763632800 }) },
      check: returns({ executionArn: orderExecution, stateMachineArn: FULFILMENT, name: 'order-ord-1', status: 'RUNNING', startDate: '2025-11-20T10:00:00.000Z', stopDate: null, redriveCount: 0, redriveStatus: null, failure: null }) },
    { name: 'missing with missingIsNull: null', fn: 'response', ctx: { arguments: { orderId: 'ord-1' }, stash: { executionArn: orderExecution, missingIsNull: true }, result: notFoundExecution }, check: returns(null) },
    { name: 'missing otherwise: NotFound', fn: 'response', ctx: { arguments: { executionArn: orderExecution }, stash: { executionArn: orderExecution }, result: notFoundExecution }, check: fails('NotFound', 'Execution not found') },
  ],
  'schema/functions/redriveExecution.js': [
    { name: 'RedriveExecution with a fresh clientToken', fn: 'request', ctx: { arguments: { executionArn: orderExecution }, identity: support, stash: { executionArn: orderExecution } },
      check: (out) => expect(stepFunctionsCall(out, 'RedriveExecution')).toEqual({ executionArn: orderExecution, clientToken: UUID }) },
    { name: 'redriven: the answer', fn: 'response', ctx: { arguments: { executionArn: orderExecution }, stash: { executionArn: orderExecution }, result: http(200, { redriveDate: 1763632900 }) }, check: returns({ redriveDate: 1763632900 }) },
    { name: 'not redrivable: InvalidState', fn: 'response', ctx: { arguments: { executionArn: orderExecution }, stash: { executionArn: orderExecution }, result: http(400, { __type: 'ExecutionNotRedrivable', message: 'Execution is SUCCEEDED' }) },
      check: fails('InvalidState', 'Execution is SUCCEEDED') },
    { name: 'unknown: NotFound', fn: 'response', ctx: { arguments: { executionArn: orderExecution }, stash: { executionArn: orderExecution }, result: notFoundExecution }, check: fails('NotFound', `Execution Does Not Exist: '${orderExecution}'`) },
  ],
};

describe('every code file of schema/resolver-map.ts has cases', () => {
  const codeFiles = [...new Set([...resolverMap.resolvers.map((r) => r.code), ...resolverMap.functions.map((f) => f.code)])].sort();
  test('the cases name exactly the map\'s code files', () => {
    expect(Object.keys(cases).sort()).toEqual(codeFiles);
  });
  test('each file\'s request and response handlers are both exercised', () => {
    const handlers = Object.fromEntries(Object.entries(cases).map(([file, list]) => [file, [...new Set(list.map((c) => c.fn))].sort()]));
    const missing = Object.entries(handlers).filter(([, fns]) => fns.length < 2).map(([file]) => file);
    expect(missing).toEqual([]);
  });
});

describe.each(Object.entries(cases))('%s', (file, list) => {
  test.each(list.map((c) => [`${c.fn}: ${c.name}`, c] as const))('%s', async (_name, c) => {
    c.check(await evaluate(file, c.fn, c.ctx));
  });
});
