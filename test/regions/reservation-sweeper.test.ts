// No orphans (issue 16): a checkout cut off between ReserveStock and StoreOrder leaves stock
// reserved with no order. Every reservation carries an expiry; the platform's sweeper (the task
// SweepReservations, every minute) returns expired reservations that never became an order to
// `available`, keeps the converted ones, and sweeps only rows this region owns (its own, and those an
// evacuation adopted). Time passing is shown by moving a reservation's expiry into the past.
// Condition expressions: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tables } from '../../infra/tables.ts';
import { handler as reserveStock } from '../../tasks/warehouse/reserve-stock.ts';
import { reservationHoldSeconds } from '../../tasks/warehouse/inventory.ts';
import { PLACE_ORDER, PRODUCTS, usAddress } from '../support/operations.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';

interface Product { id: string; name: string; price: { amount: number; currency: string } }

let env: TestPlatform;
let products: Product[];
beforeAll(async () => {
  env = await startTestPlatform();
  products = (await env.anonymous().request<{ products: { items: Product[] } }>(PRODUCTS, { limit: 100 })).products.items;
});
afterAll(async () => { await env.close(); });

const inventory = tables.Inventory.tableName;
const row = async (productId: string, region = 'us-east-1') =>
  (await env.doc.send(new GetCommand({ TableName: inventory, Key: { pk: `PRODUCT#${productId}`, sk: `REGION#${region}` }, ConsistentRead: true }))).Item!;
const reservation = async (orderId: string) =>
  (await env.doc.send(new GetCommand({ TableName: inventory, Key: { pk: `ORDER#${orderId}`, sk: 'RESERVATION' }, ConsistentRead: true }))).Item;
const expire = (orderId: string) => env.doc.send(new UpdateCommand({
  TableName: inventory, Key: { pk: `ORDER#${orderId}`, sk: 'RESERVATION' },
  UpdateExpression: 'SET expiresAt = :past', ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 1 },
}));

it('reservations carry an expiry past the longest checkout (EXPRESS runs at most five minutes)', async () => {
  const product = products[0]!;
  const before = Math.floor(Date.now() / 1000);
  await reserveStock({ orderId: 'SWEEPEXPIRY', executionId: 'checkout-cut-off', items: [{ productId: product.id, quantity: 1 }] });
  const held = await reservation('SWEEPEXPIRY');
  expect(held!.expiresAt).toBeGreaterThanOrEqual(before + reservationHoldSeconds);
  expect(reservationHoldSeconds).toBeGreaterThan(5 * 60);
});

it('an expired reservation with no order goes back to stock; a converted one stays; a fresh one is left alone', async () => {
  const product = products.find((p) => p.name.startsWith('Viejo Valle Corona'))!;
  const start = await row(product.id);
  // A checkout cut off after ReserveStock: stock reserved, no order, then its expiry passes.
  await reserveStock({ orderId: 'SWEEPORPHAN', executionId: 'checkout-lost', items: [{ productId: product.id, quantity: 3 }] });
  await expire('SWEEPORPHAN');
  // A fresh reservation of a checkout still (notionally) running.
  await reserveStock({ orderId: 'SWEEPFRESH', executionId: 'checkout-running', items: [{ productId: product.id, quantity: 1 }] });
  // A real order whose reservation's expiry passed: it converted, so it keeps its stock.
  const shopper = await env.as('shopper');
  const { placeOrder } = await shopper.request<{ placeOrder: { id: string } }>(PLACE_ORDER, { input: {
    idempotencyKey: 'sweep-converted', paymentToken: 'tok_visa', deliveryAddress: usAddress,
    items: [{ productId: product.id, quantity: 2, unitPrice: product.price }] } });
  await expire(placeOrder.id);
  expect(await row(product.id)).toMatchObject({ available: start.available - 6, reserved: start.reserved + 6 });

  const result = await env.platform.sweeper.sweep();
  expect(result).toMatchObject({ region: 'us-east-1', released: ['SWEEPORPHAN'], converted: 1 });
  expect(await reservation('SWEEPORPHAN')).toMatchObject({ status: 'RELEASED' });
  expect(await reservation('SWEEPFRESH')).toMatchObject({ status: 'RESERVED' });
  const converted = await reservation(placeOrder.id);
  expect(converted).toMatchObject({ status: 'RESERVED' });
  expect(converted!.expiresAt).toBeUndefined();
  expect(await row(product.id)).toMatchObject({ available: start.available - 3, reserved: start.reserved + 3 });

  // Sweeping again changes nothing.
  expect(await env.platform.sweeper.sweep()).toMatchObject({ released: [], converted: 0 });
});

it('sweeps only rows this region owns: another region\'s reservation is left, an adopted one is returned to its row', async () => {
  const product = products.find((p) => p.name.startsWith('Hacienda Oro Robusto'))!;
  const past = Math.floor(Date.now() / 1000) - 1;
  const put = (item: Record<string, unknown>) => env.doc.send(new PutCommand({ TableName: inventory, Item: item }));
  // eu-west-1's own row and reservation (replicated here): eu-west-1 sweeps those.
  await put({ pk: `PRODUCT#${product.id}`, sk: 'REGION#eu-west-1', productId: product.id, region: 'eu-west-1', available: 5, reserved: 1 });
  await put({ pk: 'ORDER#SWEEPTHEIRS', sk: 'RESERVATION', orderId: 'SWEEPTHEIRS', region: 'eu-west-1', status: 'RESERVED',
    items: [{ productId: product.id, quantity: 1 }], expiresAt: past, updatedAt: 'then' });
  // ap-southeast-1's row and reservation, adopted by this region in an evacuation.
  await put({ pk: `PRODUCT#${product.id}`, sk: 'REGION#ap-southeast-1', productId: product.id, region: 'ap-southeast-1', available: 5, reserved: 2,
    ownerRegion: 'us-east-1', ownerEpoch: 1 });
  await put({ pk: 'ORDER#SWEEPADOPTED', sk: 'RESERVATION', orderId: 'SWEEPADOPTED', region: 'ap-southeast-1', ownerRegion: 'us-east-1',
    status: 'RESERVED', items: [{ productId: product.id, quantity: 2 }], expiresAt: past, updatedAt: 'then' });

  expect(await env.platform.sweeper.sweep()).toMatchObject({ released: ['SWEEPADOPTED'] });
  expect(await reservation('SWEEPTHEIRS')).toMatchObject({ status: 'RESERVED' });
  expect(await row(product.id, 'eu-west-1')).toMatchObject({ available: 5, reserved: 1 });
  expect(await row(product.id, 'ap-southeast-1')).toMatchObject({ available: 7, reserved: 0 });
});
