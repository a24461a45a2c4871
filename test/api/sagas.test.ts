// The sagas' compensations, refunds with finance approval, and a redrive after an outage, through
// the GraphQL API of the local platform (API.md §1-2, §7).
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { GraphQLClient } from 'graphql-request';
import { tables } from '../../infra/tables.ts';
import { checkInvariants } from '../support/invariants.ts';
import {
  CANCEL_ORDER, CONFIRM_PACKED, DECIDE_REFUND, EXECUTION_HISTORY, FAILED_EXECUTIONS, ORDER, PACKING_FAILED, PLACE_ORDER,
  PRODUCT, PRODUCTS, REDRIVE, REFUNDS, REQUEST_REFUND, UPDATE_DELIVERY, usAddress,
} from '../support/operations.ts';
import { errorTypeOf, eventually, startTestPlatform, type TestPlatform } from '../support/platform.ts';

interface Product { id: string; name: string; price: { amount: number; currency: string }; stock: number }
interface Order { id: string; status: string; trackingNumber: string | null; total: { amount: number }; refunds: { id: string; status: string }[] }
interface Refund { id: string; status: string; decidedBy: string | null }

let env: TestPlatform;
let shopper: GraphQLClient;
let warehouse: GraphQLClient;
let products: Product[];

beforeAll(async () => {
  env = await startTestPlatform();
  [shopper, warehouse] = await Promise.all([env.as('shopper'), env.as('warehouse')]);
  products = (await env.anonymous().request<{ products: { items: Product[] } }>(PRODUCTS, { limit: 100 })).products.items;
});
afterAll(async () => { await env.close(); });

const readOrder = (id: string) => shopper.request<{ order: Order }>(ORDER, { id }).then((r) => r.order);
const stockOf = async (id: string) => (await env.anonymous().request<{ product: Product }>(PRODUCT, { id })).product.stock;
const productNamed = (prefix: string) => products.find((p) => p.name.startsWith(prefix))!;

async function place(product: Product, quantity = 1): Promise<Order> {
  const { placeOrder } = await shopper.request<{ placeOrder: Order }>(PLACE_ORDER, { input: {
    idempotencyKey: `saga-${Math.random()}`, paymentToken: 'tok_visa', deliveryAddress: usAddress,
    items: [{ productId: product.id, quantity, unitPrice: product.price }] } });
  return placeOrder;
}

async function packed(orderId: string): Promise<Order> {
  await eventually(() => readOrder(orderId), (o) => o.status === 'PACKING');
  await warehouse.request(CONFIRM_PACKED, { orderId, packages: 1 });
  return eventually(() => readOrder(orderId), (o) => o.status === 'SHIPPED');
}

async function payment(orderId: string, operation: string) {
  return (await env.doc.send(new GetCommand({ TableName: tables.Payments.tableName, Key: { orderId, operation } }))).Item;
}

describe('cancelOrder', () => {
  it('cancels while packing: CANCELLED, stock released, payment voided', async () => {
    const product = productNamed('Viejo Valle Corona');
    const before = await stockOf(product.id);
    const order = await place(product, 3);
    await eventually(() => readOrder(order.id), (o) => o.status === 'PACKING');
    const { cancelOrder } = await shopper.request<{ cancelOrder: Order }>(CANCEL_ORDER, { id: order.id });
    expect(cancelOrder.status).toBe('CANCELLED');
    await eventually(() => payment(order.id, 'AUTHORISATION'), (auth) => auth?.status === 'VOIDED');
    expect(await eventually(() => stockOf(product.id), (stock) => stock === before)).toBe(before);
    expect((await readOrder(order.id)).status).toBe('CANCELLED');
    expect(await errorTypeOf(shopper.request(CANCEL_ORDER, { id: order.id }))).toBe('InvalidState');
  });

  it('lets only the owner or support cancel', async () => {
    const order = await place(productNamed('Casa Delmonte Robusto'));
    expect(await errorTypeOf((await env.newShopper('stranger')).request(CANCEL_ORDER, { id: order.id }))).toBe('NotFound');
    expect(await errorTypeOf(warehouse.request(CANCEL_ORDER, { id: order.id }))).toBe('Unauthorized');
    const support = await env.as('support');
    expect((await support.request<{ cancelOrder: Order }>(CANCEL_ORDER, { id: order.id })).cancelOrder.status).toBe('CANCELLED');
  });

  it('refuses to cancel a shipped order with InvalidState', async () => {
    const order = await place(productNamed('Isla Verde Corona'));
    await packed(order.id);
    expect(await errorTypeOf(shopper.request(CANCEL_ORDER, { id: order.id }))).toBe('InvalidState');
  });
});

describe('warehouse and carrier failures are compensated', () => {
  it('reportPackingFailed voids the payment, releases the stock and ends the order FAILED', async () => {
    const product = productNamed('Sol de Jalapa Toro');
    const before = await stockOf(product.id);
    const order = await place(product, 2);
    await eventually(() => readOrder(order.id), (o) => o.status === 'PACKING');
    await warehouse.request(PACKING_FAILED, { orderId: order.id, reason: 'Water damage in the humidor room' });
    await eventually(() => readOrder(order.id), (o) => o.status === 'FAILED');
    expect((await payment(order.id, 'AUTHORISATION'))?.status).toBe('VOIDED');
    expect(await stockOf(product.id)).toBe(before);
  });

  it('a FAILED delivery refunds in full, restocks the goods and ends the order FAILED', async () => {
    const product = productNamed('Rio Negro Toro');
    const before = await stockOf(product.id);
    const order = await place(product, 2);
    await packed(order.id);
    const delivery = await env.as('delivery');
    await delivery.request(UPDATE_DELIVERY, { orderId: order.id, status: 'FAILED', note: 'Returned to sender' });
    await eventually(() => readOrder(order.id), (o) => o.status === 'FAILED');
    const capture = await payment(order.id, 'CAPTURE');
    expect(capture?.refundable).toBe(0);
    expect(await eventually(() => stockOf(product.id), (stock) => stock === before)).toBe(before);
    expect(await checkInvariants(env.doc, env.invariants)).toEqual([]);
  });
});

describe('refunds', () => {
  it('refuses more than was captured with ValidationError', async () => {
    const order = await place(productNamed('Hacienda Oro Robusto'));
    await packed(order.id);
    expect(await errorTypeOf(shopper.request(REQUEST_REFUND, { input: {
      orderId: order.id, amount: { amount: order.total.amount + 1, currency: 'USD' }, reason: 'Too much', idempotencyKey: 'too-much' } })))
      .toBe('ValidationError');
  });

  it('waits for finance at or above the threshold; the decider is recorded; a decided refund cannot be decided again', async () => {
    const grandReserve = productNamed('Gran Reserva 1962 Churchill');
    const order = await place(grandReserve, 10);
    expect(order.total.amount).toBeGreaterThanOrEqual(50_000);
    await packed(order.id);
    const input = { orderId: order.id, amount: { amount: 50_000, currency: 'USD' }, reason: 'Storage damage', idempotencyKey: 'big-refund' };
    const { requestRefund } = await shopper.request<{ requestRefund: Refund }>(REQUEST_REFUND, { input });
    const again = await shopper.request<{ requestRefund: Refund }>(REQUEST_REFUND, { input });
    expect(again.requestRefund.id).toBe(requestRefund.id);
    expect(await errorTypeOf(shopper.request(REQUEST_REFUND, { input: { ...input, reason: 'Different' } }))).toBe('IdempotencyConflict');

    const finance = await env.as('finance');
    const waiting = await eventually(() => readOrder(order.id), (o) => o.refunds[0]?.status === 'AWAITING_APPROVAL');
    expect(waiting.status).toBe('SHIPPED');
    await finance.request(DECIDE_REFUND, { id: requestRefund.id, approve: true, note: 'Photos confirm the damage' });
    const done = await eventually(() => readOrder(order.id), (o) => o.refunds[0]?.status === 'REFUNDED');
    expect(done.status).toBe('PARTIALLY_REFUNDED');
    const { refunds } = await finance.request<{ refunds: { items: (Refund & { requestedBy: string; decisionNote: string })[] } }>(REFUNDS, { status: 'REFUNDED' });
    const decided = refunds.items.find((r) => r.id === requestRefund.id)!;
    expect(decided.decidedBy).toBeTruthy();
    expect(decided.decidedBy).not.toBe(decided.requestedBy);
    expect(decided.decisionNote).toBe('Photos confirm the damage');
    expect(await errorTypeOf(finance.request(DECIDE_REFUND, { id: requestRefund.id, approve: false }))).toBe('InvalidState');
    expect(await checkInvariants(env.doc, env.invariants)).toEqual([]);
  });

  it('a rejected refund moves no money', async () => {
    const order = await place(productNamed('Gran Reserva 1962 Robusto'), 12);
    await packed(order.id);
    const { requestRefund } = await shopper.request<{ requestRefund: Refund }>(REQUEST_REFUND, { input: {
      orderId: order.id, amount: { amount: order.total.amount, currency: 'USD' }, reason: 'Changed my mind', idempotencyKey: 'reject-me' } });
    await eventually(() => readOrder(order.id), (o) => o.refunds[0]?.status === 'AWAITING_APPROVAL');
    await (await env.as('finance')).request(DECIDE_REFUND, { id: requestRefund.id, approve: false, note: 'Outside the return window' });
    const after = await eventually(() => readOrder(order.id), (o) => o.refunds[0]?.status === 'REJECTED');
    expect(after.status).toBe('SHIPPED');
    expect((await payment(order.id, 'CAPTURE'))?.refundable).toBe(order.total.amount);
  });
});

describe('an outage that outlasts the retries fails in place, and support redrives it', () => {
  afterEach(async () => {
    await fetch(`${env.outputs.webUrl}_sandbox/carrier/outage`, { method: 'POST', body: JSON.stringify({ on: false }) });
  });

  it('fails at BookShipment during a carrier outage, then ships exactly once after the redrive', async () => {
    const switched = await fetch(`${env.outputs.webUrl}_sandbox/carrier/outage`, { method: 'POST', body: JSON.stringify({ on: true }) });
    expect(await switched.json()).toEqual({ provider: 'carrier', outage: true });
    const order = await place(productNamed('Valle de Copán Toro'));
    await eventually(() => readOrder(order.id), (o) => o.status === 'PACKING');
    await warehouse.request(CONFIRM_PACKED, { orderId: order.id, packages: 1 });

    const support = await env.as('support');
    type Failed = { failedExecutions: { items: { executionArn: string; name: string; failure: { error: string; cause: string } }[] } };
    const failed = await eventually(() => support.request<Failed>(FAILED_EXECUTIONS, { stateMachine: 'Fulfilment' }),
      (r) => r.failedExecutions.items.some((e) => e.name === `order-${order.id}`), 60_000);
    const execution = failed.failedExecutions.items.find((e) => e.name === `order-${order.id}`)!;
    expect(execution.failure.error).toBe('CarrierUnavailable');
    const { executionHistory } = await support.request<{ executionHistory: { events: { type: string }[] } }>(EXECUTION_HISTORY, { arn: execution.executionArn });
    expect(executionHistory.events.at(-1)?.type).toBe('ExecutionFailed');
    expect((await readOrder(order.id)).status).toBe('PACKED');

    await fetch(`${env.outputs.webUrl}_sandbox/carrier/outage`, { method: 'POST', body: JSON.stringify({ on: false }) });
    const { redriveExecution } = await support.request<{ redriveExecution: { status: string; redriveCount: number } }>(REDRIVE, { arn: execution.executionArn });
    expect(redriveExecution.status).toBe('RUNNING');
    const shipped = await eventually(() => readOrder(order.id), (o) => o.status === 'SHIPPED');
    // The redriven execution now waits for the delivery: RUNNING, no failure.
    const { orderExecutions } = await support.request<{ orderExecutions: { status: string; redriveCount: number; failure: unknown }[] }>(
      'query($id: ID!) { orderExecutions(orderId: $id) { status redriveCount failure { error cause } } }', { id: order.id });
    expect(orderExecutions).toEqual([{ status: 'RUNNING', redriveCount: 1, failure: null }]);
    expect(shipped.trackingNumber).toBeTruthy();
    const operations = await env.doc.send(new QueryCommand({ TableName: tables.Payments.tableName, KeyConditionExpression: 'orderId = :o', ExpressionAttributeValues: { ':o': order.id } }));
    expect(operations.Items?.filter((p) => p.operation === 'CAPTURE')).toHaveLength(1);
    const shipment = await env.doc.send(new GetCommand({ TableName: tables.Shipments.tableName, Key: { orderId: order.id } }));
    expect(shipment.Item?.trackingNumber).toBe(shipped.trackingNumber);
    expect(await errorTypeOf(support.request(REDRIVE, { arn: execution.executionArn }))).toBe('InvalidState');
  }, 120_000);
});
