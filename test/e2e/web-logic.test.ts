// The pages' own logic, without a browser: the delivery estimate is the domain's rule, the
// ledger export is valid CSV with totals, typed API errors read as sentences, addresses follow
// their country, the catalogue editor's price bounds, and the storefront's search, sort and pages.
import { addressLines, regionField } from '../../web/src/address.ts';
import { ApiError, toApiError } from '../../web/src/api/client.ts';
import { estimateDelivery, shippingCountries } from '../../web/src/delivery.ts';
import { describeError, KNOWN_ERROR_TYPES } from '../../web/src/errors.ts';
import { formatMoney, parseAmount } from '../../web/src/format.ts';
import { decimal, ledgerCsv } from '../../web/src/views/console/ledger-csv.ts';
import { NEW_VALUE, readProductForm } from '../../web/src/views/console/product-form.ts';
import { browse } from '../../web/src/views/store/browse.ts';
import { historyNote } from '../../web/src/views/timeline.ts';
import { deliveryRates } from '../../tasks/orders/delivery-quote.ts';

const usd = (amount: number) => ({ amount, currency: 'USD' });

test('the checkout estimate charges the zone rate below its threshold and nothing from it', () => {
  const { price, freeFrom } = deliveryRates.DOMESTIC;
  expect(estimateDelivery('US', usd(freeFrom - 1))).toEqual({ kind: 'quote', delivery: usd(price), total: usd(freeFrom - 1 + price) });
  expect(estimateDelivery('US', usd(freeFrom))).toEqual({ kind: 'quote', delivery: usd(0), total: usd(freeFrom) });
  expect(estimateDelivery('GB', usd(1000))).toEqual({ kind: 'quote', delivery: usd(deliveryRates.EUROPE.price), total: usd(1000 + deliveryRates.EUROPE.price) });
});

test('the estimate knows where tobacco cannot go and which countries are unknown', () => {
  expect(estimateDelivery('AU', usd(1000))).toEqual({ kind: 'restricted' });
  expect(estimateDelivery('ZZ', usd(1000))).toEqual({ kind: 'unknown' });
  expect(shippingCountries).toContain('US');
  expect(shippingCountries).not.toContain('AU');
});

test('the ledger exports as RFC 4180 CSV with amounts as money and totals per day, per account and overall', () => {
  const csv = ledgerCsv([
    { id: 'l1', at: '2026-11-25T10:00:00.000Z', orderId: 'o1', refundId: null, account: 'SALES', debit: 0, credit: 52000, currency: 'USD', memo: 'order o1, captured' },
    { id: 'l2', at: '2026-11-26T11:00:00.000Z', orderId: 'o1', refundId: 'r1', account: 'REFUNDS', debit: 1595, credit: 0, currency: 'USD', memo: 'said "crushed"' },
  ]);
  expect(csv.split('\r\n')).toEqual([
    'date,time,account,orderId,refundId,debit,credit,currency,memo',
    '2026-11-25,10:00:00,SALES,o1,,0.00,520.00,USD,"order o1, captured"',
    '2026-11-26,11:00:00,REFUNDS,o1,r1,15.95,0.00,USD,"said ""crushed"""',
    '',
    'total for day,2026-11-25,,,,0.00,520.00,USD,',
    'total for day,2026-11-26,,,,15.95,0.00,USD,',
    'total for account,,REFUNDS,,,15.95,0.00,USD,',
    'total for account,,SALES,,,0.00,520.00,USD,',
    'total,,,,,15.95,520.00,USD,',
    '',
  ]);
  expect(decimal(5)).toBe('0.05');
  expect(decimal(-123456)).toBe('-1234.56');
});

test('typed API errors read as sentences, with the detail where it helps', () => {
  expect(describeError(new ApiError('PaymentDeclined', 'card_declined'))).toMatch(/card was declined/);
  expect(describeError(new ApiError('OutOfStock', 'p1'))).toMatch(/not have enough/);
  expect(describeError(new ApiError('AgeRestricted', 'x'))).toMatch(/21 in the United States/);
  expect(describeError(new ApiError('ShippingRestricted', 'x'))).toMatch(/cannot ship tobacco/);
  expect(describeError(new ApiError('PriceMismatch', 'x'))).toMatch(/price in your cart has changed/);
  expect(describeError(new ApiError('ValidationError', 'postalCode is required'))).toBe('Some details are not valid: Postal code is required');
  // Issue 20's raw texts, in words.
  expect(describeError(new ApiError('ValidationError', 'deliveryAddress.name is longer than 200 characters'))).toBe('Some details are not valid: Full name is longer than 200 characters');
  expect(describeError(new ApiError('ValidationError', 'At most USD 37.89 can still be refunded', { refundable: { amount: 3789, currency: 'USD' } }))).toBe('At most $37.89 can still be refunded.');
  expect(describeError(new ApiError('InvalidState', 'Refund 01KBX2Y3Z4A5B6C7D8E9F0G1H2 is REFUNDED, not AWAITING_APPROVAL'))).toBe('That cannot be done now: Refund …F0G1H2 is refunded, not awaiting approval');
  expect(describeError(new ApiError('PaymentProviderUnavailable', 'payment provider outage (sandbox): authorise refused'))).toMatch(/^Our payment provider is not answering right now\. Nothing was charged/);
  expect(describeError(new ApiError('WrongRegion', 'order is owned by eu-west-1', { homeRegion: 'eu-west-1' }))).toMatch(/another of our regions/);
  expect(describeError(new ApiError('SomethingNew', 'raw message'))).toBe('Something went wrong. Please try again, and tell support if it keeps happening.');
});

test('every known errorType has a sentence without codes, and GraphQL refusing a value is not a network error', () => {
  for (const type of [...KNOWN_ERROR_TYPES, 'WrongRegion', 'CarrierUnavailable', 'StorageContention', 'OperationInProgress', 'EventBusUnavailable', 'DependencyUnavailable', 'InternalFailure']) {
    const text = describeError(new ApiError(type, 'detail'));
    expect({ type, text }).toEqual({ type, text: expect.stringMatching(/^[A-Z][^_]*[.:a-z]/) });
    expect(text).not.toContain(type);
  }
  // A price of 99999999 dollars is 9999999900 cents, past GraphQL's Int: graphql-js refuses the variable.
  const refused = toApiError({ errors: [{ message: 'Variable "$input" got invalid value 9999999900 at "input.price.amount"; Int cannot represent non 32-bit signed integer value' }] });
  expect(refused.type).toBe('BadRequest');
  expect(describeError(refused)).not.toMatch(/could not reach/);
});

test('addresses are written the way their country writes them', () => {
  const base = { name: 'Sam Shopper', line1: '350 Fifth Avenue', city: 'Austin', postalCode: '78701' };
  expect(addressLines({ ...base, region: 'TX', country: 'US' })).toEqual(['Sam Shopper', '350 Fifth Avenue', 'Austin, TX 78701', 'United States']);
  expect(addressLines({ ...base, city: 'London', postalCode: 'SW1A 1AA', country: 'GB' })).toEqual(['Sam Shopper', '350 Fifth Avenue', 'London', 'SW1A 1AA', 'United Kingdom']);
  expect(addressLines({ ...base, city: 'Berlin', postalCode: '10115', country: 'DE' })).toEqual(['Sam Shopper', '350 Fifth Avenue', '10115 Berlin', 'Germany']);
  expect(regionField('US')?.options).toContainEqual(['TX', 'Texas']);
  expect(regionField('DE')).toBeUndefined();
});

test('history notes written for machines read as money', () => {
  expect(historyNote('refund 01KBX2Y3Z4A5B6C7D8E9F0G1H2: 1595 USD')).toBe('Refund of $15.95');
  expect(historyNote('Left the Memphis hub')).toBe('Left the Memphis hub');
});

test('the catalogue editor refuses a $0 price and an absurd one, and names a new category on purpose', () => {
  const base = { name: 'Test Robusto', brand: 'Casa Delmonte', category: 'Robusto', price: '12.50' };
  expect(readProductForm({ ...base, price: '0' }).errors['p-price']).toBe('The price must be at least $0.01 and at most $10,000.00.');
  expect(readProductForm({ ...base, price: '99999999' }).errors['p-price']).toBe('The price must be at least $0.01 and at most $10,000.00.');
  expect(readProductForm({ ...base, category: NEW_VALUE, categoryNew: '' }).errors['p-category-new']).toBe('Name the new category.');
  expect(readProductForm({ ...base, category: NEW_VALUE, categoryNew: 'Perfecto', ringGauge: '52', lengthInches: '5.5', strength: 'Full' }).values)
    .toMatchObject({ category: 'Perfecto', price: 1250, attributes: { ringGauge: 52, lengthInches: 5.5, strength: 'Full' } });
  expect(readProductForm({ ...base, ringGauge: 'wide' }).errors['p-ring']).toMatch(/whole number/);
});

test('the storefront searches name and brand, sorts by price and name, and pages by twelve', () => {
  const product = (name: string, brand: string, amount: number) => ({ id: name, name, brand, category: 'Robusto', price: { amount, currency: 'USD' }, stock: 5, onSale: true, updatedAt: '' });
  const all = Array.from({ length: 30 }, (_, i) => product(`Cigar ${String(i).padStart(2, '0')}`, i % 2 ? 'Casa Delmonte' : 'Rio Negro', 1000 + i));
  const b = { q: '', brand: '', category: '', strength: '', sort: 'featured' as const, page: 1 };
  expect(browse(all, b)).toMatchObject({ total: 30, pages: 3, page: 1 });
  expect(browse(all, { ...b, page: 3 }).items).toHaveLength(6);
  expect(browse(all, { ...b, q: 'río negro' }).total).toBe(15);
  expect(browse(all, { ...b, q: 'delmonte 07' }).items.map((p) => p.name)).toEqual(['Cigar 07']);
  expect(browse(all, { ...b, sort: 'price-desc' }).items[0]!.name).toBe('Cigar 29');
  expect(browse(all, { ...b, sort: 'name-asc', page: 9 }).page).toBe(3);
});

test('amounts parse from dollars to cents and format back', () => {
  expect(parseAmount('520')).toBe(52000);
  expect(parseAmount('12.5')).toBe(1250);
  expect(parseAmount('12.345')).toBeUndefined();
  expect(parseAmount('-1')).toBeUndefined();
  expect(formatMoney(usd(52000))).toBe('$520.00');
});
