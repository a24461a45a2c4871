// placeOrder and the error types of API.md §1, through the GraphQL API of the local platform.
import type { GraphQLClient } from 'graphql-request';
import { ORDER, PLACE_ORDER, PRODUCTS, RESTOCK, SAVE_PRODUCT, CONFIRM_PACKED, usAddress } from '../support/operations.ts';
import { checkInvariants } from '../support/invariants.ts';
import { errorTypeOf, eventually, startTestPlatform, type TestPlatform } from '../support/platform.ts';

interface Product { id: string; name: string; price: { amount: number; currency: string }; stock: number }

let env: TestPlatform;
let shopper: GraphQLClient;
let robusto: Product;
let scarce: Product;

beforeAll(async () => {
  env = await startTestPlatform();
  shopper = await env.as('shopper');
  const { products } = await env.anonymous().request<{ products: { items: Product[] } }>(PRODUCTS, { category: 'Robusto', limit: 100 });
  robusto = products.items[0];
  scarce = [...products.items].sort((a, b) => a.stock - b.stock)[0];
});
afterAll(async () => { await env.close(); });

function order(items: { productId: string; quantity: number; unitPrice: { amount: number; currency: string } }[], extra: Record<string, unknown> = {}) {
  return { input: { idempotencyKey: `key-${Math.random()}`, paymentToken: 'tok_visa', deliveryAddress: usAddress, items, ...extra } };
}
const line = (p: Product, quantity = 1) => ({ productId: p.id, quantity, unitPrice: p.price });

describe('placeOrder idempotency', () => {
  it('returns the same order for the same key and body, and IdempotencyConflict for another body', async () => {
    const request = order([line(robusto)], { idempotencyKey: 'same-key' });
    const first = await shopper.request<{ placeOrder: { id: string } }>(PLACE_ORDER, request);
    const again = await shopper.request<{ placeOrder: { id: string } }>(PLACE_ORDER, request);
    expect(again.placeOrder.id).toBe(first.placeOrder.id);
    const changed = order([line(robusto, 2)], { idempotencyKey: 'same-key' });
    expect(await errorTypeOf(shopper.request(PLACE_ORDER, changed))).toBe('IdempotencyConflict');
  });
});

describe('placeOrder business errors leave nothing reserved or charged', () => {
  it.each([
    ['ValidationError', () => order([line(robusto, 0)])],
    ['ValidationError', () => order([])],
    ['ValidationError', () => order([line(robusto)], { deliveryAddress: { ...usAddress, country: 'ZZ' } })],
    ['ProductNotFound', () => order([{ productId: 'no-such-product', quantity: 1, unitPrice: { amount: 100, currency: 'USD' } }])],
    ['PriceMismatch', () => order([{ ...line(robusto), unitPrice: { amount: robusto.price.amount - 1, currency: 'USD' } }])],
    ['PriceMismatch', () => order([line(robusto)], { expectedTotal: { amount: 1, currency: 'USD' } })],
    ['OutOfStock', () => order([line(scarce, scarce.stock + 1)])],
    ['PaymentDeclined', () => order([line(robusto)], { paymentToken: 'tok_declined' })],
    ['PaymentDeclined', () => order([line(robusto)], { paymentToken: 'tok_insufficient_funds' })],
    ['ShippingRestricted', () => order([line(robusto)], { deliveryAddress: { ...usAddress, country: 'AU' } })],
  ])('answers %s', async (errorType, request) => {
    expect(await errorTypeOf(shopper.request(PLACE_ORDER, request()))).toBe(errorType);
    expect(await checkInvariants(env.doc, env.invariants)).toEqual([]);
  });

  it('answers AgeRestricted for a buyer under 21 shipping to the US', async () => {
    const young = await env.newShopper('young', '2008-06-01');
    expect(await errorTypeOf(young.request(PLACE_ORDER, order([line(robusto)])))).toBe('AgeRestricted');
  });

  it('survives a flaky payment provider through the retries', async () => {
    const { placeOrder } = await shopper.request<{ placeOrder: { status: string } }>(PLACE_ORDER, order([line(robusto)], { paymentToken: 'tok_flaky' }));
    expect(placeOrder.status).toBe('PLACED');
  });
});

describe('authorisation', () => {
  it('answers NotFound to a shopper reading another shopper\'s order', async () => {
    const { placeOrder } = await shopper.request<{ placeOrder: { id: string } }>(PLACE_ORDER, order([line(robusto)]));
    const other = await env.newShopper('other');
    expect(await errorTypeOf(other.request(ORDER, { id: placeOrder.id }))).toBe('NotFound');
    expect(await errorTypeOf(shopper.request(ORDER, { id: 'no-such-order' }))).toBe('NotFound');
    const support = await env.as('support');
    expect((await support.request<{ order: { id: string } }>(ORDER, { id: placeOrder.id })).order.id).toBe(placeOrder.id);
  });

  it('answers Unauthorized to a valid identity on a field of another group, and to an API key on a shopper field', async () => {
    expect(await errorTypeOf(shopper.request(CONFIRM_PACKED, { orderId: 'x', packages: 1 }))).toBe('Unauthorized');
    expect(await errorTypeOf(env.anonymous().request(PLACE_ORDER, order([line(robusto)])))).toBe('Unauthorized');
  });

  it('answers HTTP 401 UnauthorizedException without credentials or with a forged token (AppSync security docs)', async () => {
    for (const headers of [{}, { authorization: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' }, { 'x-api-key': 'da2-wrong' }] as Record<string, string>[]) {
      const response = await fetch(env.outputs.graphqlUrl!, { method: 'POST', headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: '{ products { items { id } } }' }) });
      expect(response.status).toBe(401);
      expect((await response.json()).errors[0].errorType).toBe('UnauthorizedException');
    }
  });
});

describe('stock under contention', () => {
  it('places exactly 10 of 200 concurrent orders for a product with 10 in stock; the rest are OutOfStock', async () => {
    const catalog = await env.as('catalog');
    const { saveProduct } = await catalog.request<{ saveProduct: Product }>(SAVE_PRODUCT, { input: {
      name: 'Limited Edition Perfecto', brand: 'Casa Delmonte', category: 'Torpedo', price: { amount: 2500, currency: 'USD' }, onSale: true } });
    const warehouse = await env.as('warehouse');
    await warehouse.request(RESTOCK, { productId: saveProduct.id, quantity: 10, note: 'Allocation received' });

    const results = await Promise.allSettled(Array.from({ length: 200 }, () => shopper.request<{ placeOrder: { status: string } }>(
      PLACE_ORDER, order([line(saveProduct)]))));
    const placed = results.filter((r) => r.status === 'fulfilled');
    const outOfStock = await Promise.all(results.filter((r) => r.status === 'rejected').map((r) => errorTypeOf(Promise.reject((r as PromiseRejectedResult).reason))));
    expect(placed).toHaveLength(10);
    expect(outOfStock).toEqual(Array(190).fill('OutOfStock'));
    const stock = await eventually(() => env.anonymous().request<{ product: Product }>('query($id: ID!) { product(id: $id) { id stock } }', { id: saveProduct.id }),
      (r) => r.product.stock === 0);
    expect(stock.product.stock).toBe(0);
  }, 120_000);
});
