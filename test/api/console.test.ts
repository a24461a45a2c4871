// The staff console's API (issue 20) on the local platform: every order gets a short number that
// staff find it by, support finds a customer's orders by email, delivery works its queue, finance
// reads a refund with its order and payments, and a product is never priced at $0.
import { gql, type GraphQLClient } from 'graphql-request';
import { PRODUCTS, REQUEST_REFUND, SAVE_PRODUCT, CONFIRM_PACKED, UPDATE_DELIVERY, usAddress } from '../support/operations.ts';
import { errorTypeOf, eventually, startTestPlatform, type TestPlatform } from '../support/platform.ts';

interface Product { id: string; name: string; price: { amount: number; currency: string } }
interface Order { id: string; status: string; orderNumber: string | null; customerEmail: string | null }

const ORDER_BY_NUMBER = gql`query ByNumber($number: String!) { orderByNumber(number: $number) { id orderNumber status } }`;
const SEARCH = gql`query Search($filter: OrderSearchInput!, $limit: Int, $nextToken: String) {
  searchOrders(filter: $filter, limit: $limit, nextToken: $nextToken) { items { id orderNumber customerEmail status createdAt } nextToken } }`;
const DELIVERY_QUEUE = gql`query Queue { deliveryQueue(limit: 100) { items { id orderNumber status shipment { carrier trackingNumber awaitingDelivery } } } }`;
const ORDER_STAFF = gql`query Staff($id: ID!) { order(id: $id) { id status payment { authorised { amount } captured { amount } refunded { amount } refundable { amount } } } }`;
const REFUNDS_WITH_ORDER = gql`query Refunds { refunds(limit: 100) { items { id requesterEmail requesterName order { id orderNumber total { amount } items { name } } } } }`;
const ORDER_STATUS = gql`query Status($id: ID!) { order(id: $id) { id status } }`;

let env: TestPlatform;
let shopper: GraphQLClient;
let robusto: Product;

beforeAll(async () => {
  env = await startTestPlatform();
  shopper = await env.newShopper('console-ana');
  robusto = (await env.anonymous().request<{ products: { items: Product[] } }>(PRODUCTS, { category: 'Robusto', limit: 1 })).products.items[0]!;
});
afterAll(async () => { await env.close(); });

const place = (client: GraphQLClient, key: string) => client.request<{ placeOrder: Order }>(gql`mutation Place($input: PlaceOrderInput!) {
  placeOrder(input: $input) { id status orderNumber customerEmail } }`, { input: {
  idempotencyKey: key, paymentToken: 'tok_visa', deliveryAddress: { ...usAddress, name: 'Ana Lima', region: 'TX' },
  items: [{ productId: robusto.id, quantity: 1, unitPrice: robusto.price }],
} }).then((r) => r.placeOrder);

it('numbers every order BS-1xxxx once, and staff find it by that number however it is typed', async () => {
  const first = await place(shopper, 'console-1');
  const second = await place(shopper, 'console-2');
  expect(first.orderNumber).toMatch(/^BS-1\d{4}$/);
  expect(Number(second.orderNumber!.slice(3))).toBe(Number(first.orderNumber!.slice(3)) + 1);
  expect(first.customerEmail).toBe('console-ana@example.com');
  // A repeat of the same checkout keeps its number.
  expect((await place(shopper, 'console-1')).orderNumber).toBe(first.orderNumber);

  const support = await env.as('support');
  const typed = first.orderNumber!.toLowerCase().replace('-', ' ');
  expect((await support.request<{ orderByNumber: Order }>(ORDER_BY_NUMBER, { number: typed })).orderByNumber.id).toBe(first.id);
  expect(await errorTypeOf(support.request(ORDER_BY_NUMBER, { number: 'BS-99999999' }))).toBe('NotFound');
  // Shoppers cannot search by number.
  expect(await errorTypeOf(shopper.request(ORDER_BY_NUMBER, { number: first.orderNumber }))).toBe('Unauthorized');
});

it('support finds a customer\'s orders by email (any case), newest first, and pages through them', async () => {
  const support = await env.as('support');
  const page1 = (await support.request<{ searchOrders: { items: Order[]; nextToken: string | null } }>(SEARCH, { filter: { email: 'Console-Ana@Example.com' }, limit: 1 })).searchOrders;
  expect(page1.items).toHaveLength(1);
  expect(page1.nextToken).toBeTruthy();
  const page2 = (await support.request<{ searchOrders: { items: Order[] } }>(SEARCH, { filter: { email: 'console-ana@example.com' }, limit: 1, nextToken: page1.nextToken })).searchOrders;
  expect(page2.items[0]!.id).not.toBe(page1.items[0]!.id);
  const byName = (await support.request<{ searchOrders: { items: Order[] } }>(SEARCH, { filter: { email: 'console-ana@example.com', name: 'LIMA', sort: 'OLDEST' } })).searchOrders.items;
  expect(byName.length).toBeGreaterThanOrEqual(2);
  expect(await errorTypeOf(support.request(SEARCH, { filter: {} }))).toBe('ValidationError');
  expect(await errorTypeOf((await env.as('warehouse')).request(SEARCH, { filter: { status: 'PLACED' } }))).toBe('Unauthorized');
});

it('delivery works its queue to DELIVERED; finance reads a refund with its order, payments and requester', async () => {
  const order = await place(shopper, 'console-3');
  const warehouse = await env.as('warehouse');
  await eventually(() => warehouse.request<{ order: Order }>(ORDER_STATUS, { id: order.id }).then((r) => r.order), (o) => o.status === 'PACKING');
  await warehouse.request(CONFIRM_PACKED, { orderId: order.id, packages: 1 });
  const delivery = await env.as('delivery');
  const queued = await eventually(
    () => delivery.request<{ deliveryQueue: { items: (Order & { shipment: { carrier: string; trackingNumber: string; awaitingDelivery: boolean } | null })[] } }>(DELIVERY_QUEUE).then((r) => r.deliveryQueue.items.find((o) => o.id === order.id)),
    (o) => o !== undefined && o.shipment?.awaitingDelivery === true,
  );
  expect(queued!.shipment!.trackingNumber).toBeTruthy();
  expect(await errorTypeOf(shopper.request(DELIVERY_QUEUE))).toBe('Unauthorized');
  await delivery.request(UPDATE_DELIVERY, { orderId: order.id, status: 'DELIVERED', note: 'Signed by A. Lima' });
  await eventually(() => delivery.request<{ order: Order }>(ORDER_STATUS, { id: order.id }).then((r) => r.order), (o) => o.status === 'DELIVERED');

  await shopper.request(REQUEST_REFUND, { input: { orderId: order.id, amount: { amount: 100, currency: 'USD' }, reason: 'Wrapper cracked', idempotencyKey: 'console-r1' } });
  const finance = await env.as('finance');
  const listed = await eventually(
    () => finance.request<{ refunds: { items: { requesterEmail: string; requesterName: string; order: { id: string; orderNumber: string; total: { amount: number }; items: { name: string }[] } }[] } }>(REFUNDS_WITH_ORDER)
      .then((r) => r.refunds.items.find((x) => x.order.id === order.id)),
    (r) => r !== undefined,
  );
  expect(listed).toMatchObject({ requesterEmail: 'console-ana@example.com', requesterName: 'Ana Lima', order: { orderNumber: order.orderNumber, items: [{ name: robusto.name }] } });
  const paid = await eventually(
    () => finance.request<{ order: { payment: { captured: { amount: number }; refunded: { amount: number }; refundable: { amount: number } } } }>(ORDER_STAFF, { id: order.id }).then((r) => r.order.payment),
    (p) => p.refunded?.amount === 100,
  );
  expect(paid.captured.amount).toBe(listed!.order.total.amount);
  expect(paid.refundable.amount).toBe(paid.captured.amount - 100);
  expect(await errorTypeOf(shopper.request(ORDER_STAFF, { id: order.id }))).toBe('Unauthorized');
});

it('shows catalogue and warehouse staff every region\'s stock, and nobody else', async () => {
  const STOCK = gql`query Stock { products(limit: 100) { items { id stock stockByRegion { region available reserved } } } }`;
  const items = (await (await env.as('catalog')).request<{ products: { items: { id: string; stock: number; stockByRegion: { region: string; available: number }[] }[] } }>(STOCK)).products.items;
  const row = items.find((p) => p.id === robusto.id)!;
  // The seed allocates stock in each of the three regions; this region's row is what Product.stock reads.
  expect(row.stockByRegion.map((r) => r.region).sort()).toEqual(['ap-southeast-1', 'eu-west-1', 'us-east-1']);
  expect(row.stockByRegion.find((r) => r.region === env.outputs.region)?.available).toBe(row.stock);
  expect(await errorTypeOf(shopper.request(STOCK))).toBe('Unauthorized');
});

it('refuses a product priced at $0.00 or above $10,000.00 with ValidationError, and stores nothing', async () => {
  const catalog = await env.as('catalog');
  const input = { name: 'Free Sample Robusto', brand: 'BigSmokes', category: 'Robusto', price: { amount: 0, currency: 'USD' }, onSale: true };
  expect(await errorTypeOf(catalog.request(SAVE_PRODUCT, { input }))).toBe('ValidationError');
  expect(await errorTypeOf(catalog.request(SAVE_PRODUCT, { input: { ...input, price: { amount: 1_000_001, currency: 'USD' } } }))).toBe('ValidationError');
  const all = (await env.anonymous().request<{ products: { items: Product[] } }>(PRODUCTS, { limit: 100 })).products.items;
  expect(all.some((p) => p.name === 'Free Sample Robusto')).toBe(false);
  const saved = (await catalog.request<{ saveProduct: Product }>(SAVE_PRODUCT, { input: { ...input, price: { amount: 1, currency: 'USD' } } })).saveProduct;
  expect(saved.price.amount).toBe(1);
});
