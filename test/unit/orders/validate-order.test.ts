import '../helpers/env.ts';
import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { documents, lambdaContext, resetMocks, serviceUnavailable } from '../helpers/mocks.ts';
import { checkoutInput, cigar, pipe } from '../helpers/fixtures.ts';
import { handler, validateOrder } from '../../../tasks/orders/validate-order.ts';
import { orderIdFor } from '../../../tasks/orders/order-id.ts';
import type { CheckoutInput } from '../../../tasks/orders/validate-order.ts';

const catalogue = (...products: object[]) => documents.on(BatchGetCommand).resolves({ Responses: { 'bigsmokes-products': products } });
/** The shopper's order as this region's replica holds it (none unless a test says so). */
const storedOrder = (item?: object) => documents.on(GetCommand, { TableName: 'bigsmokes-orders' }).resolves(item === undefined ? {} : { Item: item });
const run = (overrides: Record<string, unknown> = {}) => handler(checkoutInput(overrides) as unknown as CheckoutInput, lambdaContext);

beforeEach(() => {
  resetMocks();
  storedOrder();
});

describe('ValidateOrder', () => {
  test('quotes the order: catalogue names and prices, domestic delivery, total = items + delivery', async () => {
    catalogue(cigar);
    const quote = await run();
    // Named by the shopper and the key (a name-based UUID), so every region names it alike.
    expect(quote.orderId).toBe(orderIdFor(checkoutInput().userId as string, checkoutInput().idempotencyKey as string));
    expect(quote.orderId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(quote.placedIn).toBeNull();
    expect(quote.items).toEqual([{ productId: cigar.id, name: 'Robusto', quantity: 2, unitPrice: cigar.price }]);
    expect(quote.itemsTotal).toEqual({ amount: 2_500, currency: 'USD' });
    expect(quote.deliveryPrice).toEqual({ amount: 599, currency: 'USD' });
    expect(quote.total).toEqual({ amount: 3_099, currency: 'USD' });
    expect(documents).toHaveReceivedCommandWith(BatchGetCommand, { RequestItems: { 'bigsmokes-products': { Keys: [{ id: cigar.id }], ConsistentRead: true } } });
  });

  test('delivery is free from the zone threshold and priced per zone abroad', async () => {
    catalogue(pipe);
    const items = [{ productId: pipe.id, quantity: 1, unitPrice: pipe.price }];
    expect((await run({ items })).deliveryPrice.amount).toBe(0);
    const abroad = await run({ idempotencyKey: 'key-2', items, deliveryAddress: { ...checkoutInput().deliveryAddress, country: 'DE' } });
    expect(abroad.deliveryPrice).toEqual({ amount: 1_999, currency: 'USD' });
    expect(abroad.total.amount).toBe(9_999);
  });

  test.each([
    ['ProductNotFound', () => { catalogue(); return run(); }],
    ['ProductNotFound', () => { catalogue({ ...cigar, onSale: false }); return run(); }],
    ['PriceMismatch', () => { catalogue({ ...cigar, price: { amount: 1_300, currency: 'USD' } }); return run(); }],
    ['PriceMismatch', () => { catalogue(cigar); return run({ expectedTotal: { amount: 2_500, currency: 'USD' } }); }],
    ['AgeRestricted', () => { catalogue(cigar); return run({ birthdate: '2006-01-01' }); }],
    ['AgeRestricted', () => { catalogue(cigar); return run({ birthdate: null }); }],
    ['ShippingRestricted', () => { catalogue(cigar); return run({ deliveryAddress: { ...checkoutInput().deliveryAddress, country: 'AU' } }); }],
    ['ValidationError', () => { catalogue(cigar); return run({ items: [] }); }],
    ['ValidationError', () => { catalogue(cigar); return run({ items: [{ productId: cigar.id, quantity: 101, unitPrice: cigar.price }] }); }],
    ['ValidationError', () => { catalogue(cigar); return run({ items: [{ productId: cigar.id, quantity: 0, unitPrice: cigar.price }] }); }],
    ['ValidationError', () => { catalogue(cigar); return run({ deliveryAddress: { ...checkoutInput().deliveryAddress, country: 'XX' } }); }],
    ['ValidationError', () => { catalogue(cigar); return run({ deliveryAddress: { ...checkoutInput().deliveryAddress, city: ' ' } }); }],
  ])('business error %s', async (name, act) => {
    await expect(act()).rejects.toMatchObject({ name, transient: false });
  });

  test('US legal age is 21: a buyer turning 21 today may buy, a day earlier may not', () => {
    catalogue(cigar);
    const today = new Date(Date.UTC(2026, 10, 25));
    return Promise.all([
      expect(validateOrder(checkoutInput({ birthdate: '2005-11-25' }) as unknown as CheckoutInput, today)).resolves.toBeDefined(),
      expect(validateOrder(checkoutInput({ birthdate: '2005-11-26' }) as unknown as CheckoutInput, today)).rejects.toMatchObject({ name: 'AgeRestricted' }),
    ]);
  });

  test('a catalogue outage surfaces as the retryable DependencyUnavailable', async () => {
    documents.on(BatchGetCommand).rejects(serviceUnavailable());
    await expect(run()).rejects.toMatchObject({ name: 'DependencyUnavailable', transient: true });
  });

  test('idempotent replay: the same key and body get the same order id without re-reading the catalogue', async () => {
    catalogue(cigar);
    const first = await run();
    const second = await run();
    expect(second.orderId).toBe(first.orderId);
    expect(documents).toHaveReceivedCommandTimes(BatchGetCommand, 1);
  });

  test('the same key with a different body is an IdempotencyConflict', async () => {
    catalogue(cigar);
    await run();
    await expect(run({ paymentToken: 'tok_declined' })).rejects.toMatchObject({ name: 'IdempotencyConflict' });
  });

  // Issue 14: a duplicate refused while the first call runs, and a different body refused as a
  // conflict, must leave the first call's record alone (Powertools' middleware deleted it,
  // aws-powertools/powertools-lambda-typescript#5675), so no later duplicate mints a second order id.
  test('concurrent duplicates and a conflicting body never make a second order id', async () => {
    let releaseCatalogue!: () => void;
    const catalogueRead = new Promise<void>((resolve) => { releaseCatalogue = resolve; });
    documents.on(BatchGetCommand).callsFake(async () => {
      await catalogueRead;
      return { Responses: { 'bigsmokes-products': [cigar] } };
    });
    const first = run();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await expect(run()).rejects.toMatchObject({ name: 'OperationInProgress', transient: true });
    await expect(run({ paymentToken: 'tok_declined' })).rejects.toMatchObject({ name: 'IdempotencyConflict', transient: false });
    // Had either refusal deleted the in-progress record, this one would run and mint its own id.
    await expect(run()).rejects.toMatchObject({ name: 'OperationInProgress' });
    releaseCatalogue();
    const { orderId } = await first;
    expect((await run()).orderId).toBe(orderId);
    await expect(run({ paymentToken: 'tok_declined' })).rejects.toMatchObject({ name: 'IdempotencyConflict' });
    expect((await run()).orderId).toBe(orderId);
    expect(documents).toHaveReceivedCommandTimes(BatchGetCommand, 1);
  });

  test('a failed validation is not remembered: the same key may be retried', async () => {
    catalogue({ ...cigar, onSale: false });
    await expect(run()).rejects.toMatchObject({ name: 'ProductNotFound' });
    catalogue(cigar);
    await expect(run()).resolves.toMatchObject({ total: { amount: 3_099 } });
  });

  describe('an order another region already placed with this key (the shopper retried there)', () => {
    const placedInUs = (overrides: Record<string, unknown> = {}) => {
      const input = checkoutInput();
      return {
        id: orderIdFor(input.userId as string, input.idempotencyKey as string), userId: input.userId, status: 'PACKING', homeRegion: 'eu-west-1', ownerEpoch: 0,
        items: [{ productId: cigar.id, name: 'Robusto', quantity: 2, unitPrice: cigar.price }],
        itemsTotal: { amount: 2_500, currency: 'USD' }, deliveryPrice: { amount: 599, currency: 'USD' }, total: { amount: 3_099, currency: 'USD' },
        deliveryAddress: input.deliveryAddress, ...overrides,
      };
    };

    test('is answered as it is, named with its region, whatever the catalogue says now', async () => {
      catalogue({ ...cigar, price: { amount: 1_300, currency: 'USD' } });
      storedOrder(placedInUs());
      const quote = await run();
      expect(quote).toMatchObject({ orderId: placedInUs().id, placedIn: 'eu-west-1', total: { amount: 3_099, currency: 'USD' } });
    });

    test.each([
      ['another quantity', { items: [{ productId: cigar.id, quantity: 3, unitPrice: cigar.price }] }],
      ['another address', { deliveryAddress: { ...checkoutInput().deliveryAddress, line1: '9 Other Road' } }],
      ['another expected total', { expectedTotal: { amount: 3_000, currency: 'USD' } }],
    ])('with %s is an IdempotencyConflict', async (_what, overrides) => {
      catalogue(cigar);
      storedOrder(placedInUs());
      await expect(run(overrides)).rejects.toMatchObject({ name: 'IdempotencyConflict', transient: false });
    });

    test('one this region placed goes on through the checkout (a replay resumes it)', async () => {
      catalogue(cigar);
      storedOrder(placedInUs({ homeRegion: 'us-east-1' }));
      expect((await run()).placedIn).toBeNull();
    });
  });
});
