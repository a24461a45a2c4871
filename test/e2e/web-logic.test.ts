// The pages' own logic, without a browser: the delivery estimate is the domain's rule, the
// ledger export is valid CSV, and typed API errors read as sentences.
import { ApiError } from '../../web/src/api/client.ts';
import { estimateDelivery, shippingCountries } from '../../web/src/delivery.ts';
import { describeError } from '../../web/src/errors.ts';
import { formatMoney, parseAmount } from '../../web/src/format.ts';
import { ledgerCsv } from '../../web/src/views/console/ledger-csv.ts';
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

test('the ledger exports as RFC 4180 CSV with amounts in minor units', () => {
  const csv = ledgerCsv([
    { id: 'l1', at: '2026-11-25T10:00:00.000Z', orderId: 'o1', refundId: null, account: 'SALES', debit: 0, credit: 52000, currency: 'USD', memo: 'order o1, captured' },
    { id: 'l2', at: '2026-11-25T11:00:00.000Z', orderId: 'o1', refundId: 'r1', account: 'REFUNDS', debit: 52000, credit: 0, currency: 'USD', memo: 'said "crushed"' },
  ]);
  expect(csv.split('\r\n')).toEqual([
    'id,at,orderId,refundId,account,debit,credit,currency,memo',
    'l1,2026-11-25T10:00:00.000Z,o1,,SALES,0,52000,USD,"order o1, captured"',
    'l2,2026-11-25T11:00:00.000Z,o1,r1,REFUNDS,52000,0,USD,"said ""crushed"""',
    '',
  ]);
});

test('typed API errors read as sentences, with the detail where it helps', () => {
  expect(describeError(new ApiError('PaymentDeclined', 'card_declined'))).toMatch(/card was declined/);
  expect(describeError(new ApiError('OutOfStock', 'p1'))).toMatch(/not have enough/);
  expect(describeError(new ApiError('AgeRestricted', 'x'))).toMatch(/21 in the United States/);
  expect(describeError(new ApiError('ShippingRestricted', 'x'))).toMatch(/cannot ship tobacco/);
  expect(describeError(new ApiError('PriceMismatch', 'x'))).toMatch(/price in your cart has changed/);
  expect(describeError(new ApiError('ValidationError', 'postalCode is required'))).toBe('Some details are not valid: postalCode is required');
  expect(describeError(new ApiError('SomethingNew', 'raw message'))).toBe('raw message');
});

test('amounts parse from dollars to cents and format back', () => {
  expect(parseAmount('520')).toBe(52000);
  expect(parseAmount('12.5')).toBe(1250);
  expect(parseAmount('12.345')).toBeUndefined();
  expect(parseAmount('-1')).toBeUndefined();
  expect(formatMoney(usd(52000))).toBe('$520.00');
});
