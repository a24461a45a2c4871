// The delivery estimate shown before paying: the very rule the Checkout saga applies
// (tasks/orders/delivery-quote.ts and destinations.ts), imported rather than copied so they cannot drift.
import { destinationOf, destinations } from '../../tasks/orders/destinations.ts';
import { quoteDelivery } from '../../tasks/orders/delivery-quote.ts';
import type { Money } from './api/types.ts';

export type Estimate =
  | { kind: 'quote'; delivery: Money; total: Money }
  | { kind: 'restricted' }
  | { kind: 'unknown' };

export function estimateDelivery(country: string, items: Money): Estimate {
  const destination = destinationOf(country);
  if (!destination) return { kind: 'unknown' };
  if (!destination.tobaccoAllowed) return { kind: 'restricted' };
  const delivery = quoteDelivery(destination.zone, items);
  return { kind: 'quote', delivery, total: { amount: items.amount + delivery.amount, currency: items.currency } };
}

/** Countries we ship to, for the address form. */
export const shippingCountries: string[] = Object.keys(destinations).filter((c) => destinations[c]?.tobaccoAllowed).sort();
