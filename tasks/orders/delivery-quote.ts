// The delivery price: a flat rate per zone, free when the goods reach the zone's threshold.
import { ValidationError } from '../lib/errors.ts';
import type { Money } from '../lib/types.ts';
import type { Zone } from './destinations.ts';

export const deliveryCurrency = 'USD';

interface Rate { readonly price: number; readonly freeFrom: number }

export const deliveryRates: Readonly<Record<Zone, Rate>> = {
  DOMESTIC: { price: 599, freeFrom: 7_500 },
  AMERICAS: { price: 1_499, freeFrom: 20_000 },
  EUROPE: { price: 1_999, freeFrom: 20_000 },
  ASIA_PACIFIC: { price: 2_499, freeFrom: 25_000 },
  REST_OF_WORLD: { price: 2_999, freeFrom: 30_000 },
};

export function quoteDelivery(zone: Zone, itemsTotal: Money): Money {
  if (itemsTotal.currency !== deliveryCurrency) {
    throw new ValidationError(`delivery is quoted in ${deliveryCurrency}; the cart is in ${itemsTotal.currency}`);
  }
  const rate = deliveryRates[zone];
  return { amount: itemsTotal.amount >= rate.freeFrom ? 0 : rate.price, currency: deliveryCurrency };
}
