// The home-region rule (API.md §8, issue 16) through the GraphQL API of one local region: an order
// that another region owns (as an adoption, replicated here, leaves it) is touched by no saga
// operation here — each answers WrongRegion with errorInfo.homeRegion naming the owner, and nothing
// changes — and this region's waiting execution, answered anyway, meets the tasks' ownership guard
// and stops without acting.
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DescribeExecutionCommand, SFNClient, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { ClientError, type GraphQLClient } from 'graphql-request';
import { tables } from '../../infra/tables.ts';
import { localClientConfig } from '../../local/aws/client-config.ts';
import {
  CANCEL_ORDER, CONFIRM_PACKED, DECIDE_REFUND, ORDER, PACKING_FAILED, PLACE_ORDER, PRODUCTS, REDRIVE, REQUEST_REFUND,
  UPDATE_DELIVERY, usAddress,
} from '../support/operations.ts';
import { eventually, startTestPlatform, type TestPlatform } from '../support/platform.ts';

interface Product { id: string; name: string; price: { amount: number; currency: string } }
interface Order { id: string; status: string; total: { amount: number }; refunds: { id: string; status: string }[] }

const owner = 'eu-west-1';
let env: TestPlatform;
let sfn: SFNClient;
let shopper: GraphQLClient;
let warehouse: GraphQLClient;
let products: Product[];

beforeAll(async () => {
  env = await startTestPlatform();
  sfn = new SFNClient({ ...localClientConfig(env.outputs.stepFunctionsEndpoint!, env.outputs.region), disableHostPrefix: true });
  [shopper, warehouse] = await Promise.all([env.as('shopper'), env.as('warehouse')]);
  products = (await env.anonymous().request<{ products: { items: Product[] } }>(PRODUCTS, { limit: 100 })).products.items;
});
afterAll(async () => {
  sfn.destroy();
  await env.close();
});

const readOrder = (id: string) => shopper.request<{ order: Order }>(ORDER, { id }).then((r) => r.order);
const storedOrder = async (id: string) => (await env.doc.send(new GetCommand({ TableName: tables.Orders.tableName, Key: { id } }))).Item!;
const packingRequest = async (orderId: string) => (await env.doc.send(new GetCommand({
  TableName: tables.Inventory.tableName, Key: { pk: `ORDER#${orderId}`, sk: 'PACKING' } }))).Item!;
const productNamed = (prefix: string) => products.find((p) => p.name.startsWith(prefix))!;
const executionArn = (machine: string, name: string) => Object.entries(env.outputs.stateMachines!)
  .find(([key]) => key.toLowerCase() === machine)![1].replace(':stateMachine:', ':execution:').replace(/:live$/, '') + `:${name}`;

async function place(product: Product, quantity = 1): Promise<Order> {
  const { placeOrder } = await shopper.request<{ placeOrder: Order }>(PLACE_ORDER, { input: {
    idempotencyKey: `home-${Math.random()}`, paymentToken: 'tok_visa', deliveryAddress: usAddress,
    items: [{ productId: product.id, quantity, unitPrice: product.price }] } });
  return placeOrder;
}

/** What the adoption by another region leaves in this region's replica: the owner and epoch moved. */
async function adoptedElsewhere(orderId: string): Promise<void> {
  await env.doc.send(new UpdateCommand({
    TableName: tables.Orders.tableName, Key: { id: orderId },
    UpdateExpression: 'SET homeRegion = :owner, ownerEpoch = :epoch', ExpressionAttributeValues: { ':owner': owner, ':epoch': 1 },
  }));
}

/** The errorType and errorInfo AppSync answered with. */
async function refusal(call: Promise<unknown>): Promise<{ errorType: string; errorInfo: unknown }> {
  try {
    await call;
  } catch (err) {
    if (!(err instanceof ClientError)) throw err;
    const first = err.response.errors?.[0] as { errorType?: string; errorInfo?: unknown } | undefined;
    return { errorType: String(first?.errorType), errorInfo: first?.errorInfo };
  }
  throw new Error('the call was accepted');
}

const wrongRegion = { errorType: 'WrongRegion', errorInfo: { homeRegion: owner } };

it('every saga operation on an order another region owns is answered WrongRegion naming its home, and nothing is applied here', async () => {
  const waitingToPack = await place(productNamed('Viejo Valle Corona'));
  const shipped = await place(productNamed('Gran Reserva 1962 Churchill'), 10);
  await eventually(() => readOrder(waitingToPack.id), (o) => o.status === 'PACKING');
  await eventually(() => readOrder(shipped.id), (o) => o.status === 'PACKING');
  await warehouse.request(CONFIRM_PACKED, { orderId: shipped.id, packages: 1 });
  await eventually(() => readOrder(shipped.id), (o) => o.status === 'SHIPPED');
  const { requestRefund: refund } = await shopper.request<{ requestRefund: { id: string } }>(REQUEST_REFUND, { input: {
    orderId: shipped.id, amount: { amount: 50_000, currency: 'USD' }, reason: 'Storage damage', idempotencyKey: 'before-adoption' } });
  await eventually(() => readOrder(shipped.id), (o) => o.refunds[0]?.status === 'AWAITING_APPROVAL');

  await adoptedElsewhere(waitingToPack.id);
  await adoptedElsewhere(shipped.id);
  const before = await Promise.all([storedOrder(waitingToPack.id), storedOrder(shipped.id)]);

  const [support, delivery, finance] = await Promise.all([env.as('support'), env.as('delivery'), env.as('finance')]);
  expect(await refusal(shopper.request(CANCEL_ORDER, { id: waitingToPack.id }))).toEqual(wrongRegion);
  expect(await refusal(support.request(CANCEL_ORDER, { id: waitingToPack.id }))).toEqual(wrongRegion);
  expect(await refusal(warehouse.request(CONFIRM_PACKED, { orderId: waitingToPack.id, packages: 1 }))).toEqual(wrongRegion);
  expect(await refusal(warehouse.request(PACKING_FAILED, { orderId: waitingToPack.id, reason: 'Crushed' }))).toEqual(wrongRegion);
  expect(await refusal(delivery.request(UPDATE_DELIVERY, { orderId: shipped.id, status: 'DELIVERED' }))).toEqual(wrongRegion);
  expect(await refusal(delivery.request(UPDATE_DELIVERY, { orderId: shipped.id, status: 'IN_TRANSIT', note: 'Depot' }))).toEqual(wrongRegion);
  expect(await refusal(shopper.request(REQUEST_REFUND, { input: {
    orderId: shipped.id, amount: { amount: 100, currency: 'USD' }, reason: 'Scratched', idempotencyKey: 'after-adoption' } }))).toEqual(wrongRegion);
  expect(await refusal(finance.request(DECIDE_REFUND, { id: refund.id, approve: true }))).toEqual(wrongRegion);
  expect(await refusal(support.request(REDRIVE, { arn: executionArn('fulfilment', `order-${shipped.id}`) }))).toEqual(wrongRegion);
  expect(await refusal(support.request(REDRIVE, { arn: executionArn('refund', `refund-${refund.id}`) }))).toEqual(wrongRegion);

  // Nothing was applied here: the orders are as the adoption left them, the packing wait and the
  // approval wait still hold their tokens, and no second refund exists.
  expect(await Promise.all([storedOrder(waitingToPack.id), storedOrder(shipped.id)])).toEqual(before);
  expect(await packingRequest(waitingToPack.id)).toMatchObject({ status: 'REQUESTED' });
  const { Items: refunds } = await env.doc.send(new QueryCommand({
    TableName: tables.Refunds.tableName, IndexName: 'byOrder', KeyConditionExpression: 'orderId = :o', ExpressionAttributeValues: { ':o': shipped.id } }));
  const refundRecords = refunds!.filter((r) => r.recordType === 'REFUND');
  expect(refundRecords).toHaveLength(1);
  expect(refundRecords[0]).toMatchObject({ id: refund.id, status: 'AWAITING_APPROVAL' });
});

it('this region\'s execution of an adopted order, answered anyway, stops at the ownership guard without acting', async () => {
  const order = await place(productNamed('Viejo Valle Corona'));
  await eventually(() => readOrder(order.id), (o) => o.status === 'PACKING');
  await adoptedElsewhere(order.id);
  const before = await storedOrder(order.id);

  // A stale answer (this region's warehouse console, or its timers after it returns) reaches the
  // execution's packing wait: the next step, MarkPacked, must find the order owned elsewhere.
  await sfn.send(new SendTaskSuccessCommand({ taskToken: (await packingRequest(order.id)).taskToken, output: JSON.stringify({ packages: 1 }) }));
  const arn = executionArn('fulfilment', `order-${order.id}`);
  const finished = await eventually(() => sfn.send(new DescribeExecutionCommand({ executionArn: arn })), (e) => e.status !== 'RUNNING');
  expect(finished.status).toBe('SUCCEEDED');
  expect(JSON.parse(finished.output!)).toMatchObject({ adopted: { Error: 'OrderAdopted' } });

  expect(await storedOrder(order.id)).toEqual(before);
  const capture = await env.doc.send(new GetCommand({ TableName: tables.Payments.tableName, Key: { orderId: order.id, operation: 'CAPTURE' } }));
  expect(capture.Item).toBeUndefined();
  const reservation = await env.doc.send(new GetCommand({ TableName: tables.Inventory.tableName, Key: { pk: `ORDER#${order.id}`, sk: 'RESERVATION' } }));
  expect(reservation.Item).toMatchObject({ status: 'RESERVED' });
});
