// An order's whole life through the GraphQL API of the local platform (API.md §1-2): placed by a
// shopper, packed by the warehouse, shipped, tracked and delivered, then refunded in part.
import type { GraphQLClient } from 'graphql-request';
import { checkInvariants } from '../support/invariants.ts';
import {
  CONFIRM_PACKED, LEDGER, ORDER, PLACE_ORDER, PRODUCTS, REFUNDS, REQUEST_REFUND, UPDATE_DELIVERY, usAddress,
} from '../support/operations.ts';
import { eventually, startTestPlatform, type TestPlatform } from '../support/platform.ts';

interface Product { id: string; name: string; price: { amount: number; currency: string }; stock: number }
interface Order { id: string; status: string; total: { amount: number }; deliveryPrice: { amount: number }; trackingNumber: string | null;
  history: { status: string; note: string | null }[]; refunds: { id: string; status: string }[] }

let env: TestPlatform;
let shopper: GraphQLClient;
let products: Product[];

beforeAll(async () => {
  env = await startTestPlatform();
  shopper = await env.as('shopper');
  products = (await env.anonymous().request<{ products: { items: Product[] } }>(PRODUCTS, { category: 'Robusto', limit: 5 })).products.items;
});
afterAll(async () => { await env.close(); });

const readOrder = (client: GraphQLClient, id: string) => client.request<{ order: Order }>(ORDER, { id }).then((r) => r.order);

it('takes an order from PLACED to DELIVERED, then refunds part of it, keeping stock and money consistent', async () => {
  const [robusto] = products;
  const { placeOrder } = await shopper.request<{ placeOrder: Order }>(PLACE_ORDER, { input: {
    idempotencyKey: 'lifecycle-1', paymentToken: 'tok_visa', deliveryAddress: usAddress,
    items: [{ productId: robusto.id, quantity: 2, unitPrice: robusto.price }],
  } });
  expect(placeOrder.status).toBe('PLACED');
  // Delivery is quoted at checkout: a flat domestic rate below the free-shipping threshold.
  expect(placeOrder.total.amount).toBe(2 * robusto.price.amount + placeOrder.deliveryPrice.amount);

  const warehouse = await env.as('warehouse');
  await eventually(() => readOrder(warehouse, placeOrder.id), (o) => o.status === 'PACKING');
  await warehouse.request(CONFIRM_PACKED, { orderId: placeOrder.id, packages: 1 });
  const shipped = await eventually(() => readOrder(shopper, placeOrder.id), (o) => o.status === 'SHIPPED');
  expect(shipped.trackingNumber).toBeTruthy();

  const delivery = await env.as('delivery');
  const inTransit = await delivery.request<{ updateDelivery: Order }>(UPDATE_DELIVERY, { orderId: placeOrder.id, status: 'IN_TRANSIT', note: 'Left the Memphis hub' });
  expect(inTransit.updateDelivery.status).toBe('SHIPPED');
  expect(inTransit.updateDelivery.history.at(-1)).toEqual({ status: 'SHIPPED', note: 'Left the Memphis hub' });
  await delivery.request(UPDATE_DELIVERY, { orderId: placeOrder.id, status: 'DELIVERED' });
  const delivered = await eventually(() => readOrder(shopper, placeOrder.id), (o) => o.status === 'DELIVERED');
  expect(delivered.history.map((h) => h.status)).toEqual(['PLACED', 'PACKING', 'PACKED', 'SHIPPED', 'SHIPPED', 'DELIVERED']);
  // The same key and body once the saga has finished: still the same order, nothing charged again.
  const { placeOrder: again } = await shopper.request<{ placeOrder: Order }>(PLACE_ORDER, { input: {
    idempotencyKey: 'lifecycle-1', paymentToken: 'tok_visa', deliveryAddress: usAddress,
    items: [{ productId: robusto.id, quantity: 2, unitPrice: robusto.price }],
  } });
  expect(again.id).toBe(placeOrder.id);
  expect(again.status).toBe('DELIVERED');

  const { requestRefund } = await shopper.request<{ requestRefund: { id: string; status: string } }>(REQUEST_REFUND, { input: {
    orderId: placeOrder.id, amount: { amount: robusto.price.amount, currency: 'USD' }, reason: 'One arrived cracked',
    idempotencyKey: 'refund-1', items: [{ productId: robusto.id, quantity: 1 }],
  } });
  // The saga's last step marks the refund REFUNDED, after the order's status.
  const refunded = await eventually(() => readOrder(shopper, placeOrder.id), (o) => o.refunds[0]?.status === 'REFUNDED');
  expect(refunded.status).toBe('PARTIALLY_REFUNDED');
  expect(refunded.refunds).toEqual([expect.objectContaining({ id: requestRefund.id, status: 'REFUNDED' })]);

  const finance = await env.as('finance');
  const { refunds } = await finance.request<{ refunds: { items: { id: string }[] } }>(REFUNDS, { status: 'REFUNDED' });
  expect(refunds.items.map((r) => r.id)).toContain(requestRefund.id);
  const { ledger } = await finance.request<{ ledger: { orderId: string; debit: number; credit: number }[] }>(LEDGER, {
    from: '2000-01-01T00:00:00Z', to: '2999-01-01T00:00:00Z' });
  const lines = ledger.filter((l) => l.orderId === placeOrder.id);
  expect(lines).toHaveLength(4); // a capture and a refund, two lines each
  expect(lines.reduce((sum, l) => sum + l.debit - l.credit, 0)).toBe(0);

  expect(await checkInvariants(env.doc, env.invariants)).toEqual([]);
});
