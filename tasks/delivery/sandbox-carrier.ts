// The sandbox carrier of API.md §7: books every parcel and hands out tracking numbers, refuses an
// address whose first line contains "undeliverable" (a business failure to test compensation), and
// has an outage switch under which every call fails transiently. State is per process.
import { CarrierUnavailable, DeliveryFailed } from '../lib/errors.ts';
import type { Booking, Carrier } from './carrier.ts';

let outage = false;
const bookings = new Map<string, Booking>();
let sequence = 0;

export function setCarrierOutage(on: boolean): void {
  outage = on;
}

export function carrierOutage(): boolean {
  return outage;
}

function trackingNumber(): string {
  sequence += 1;
  const digits = `${Date.now() % 1e8}`.padStart(8, '0') + `${sequence % 1e4}`.padStart(4, '0');
  return `BS${digits}`;
}

export const sandboxCarrier: Carrier = {
  async book({ reference, address }) {
    if (outage) throw new CarrierUnavailable('carrier outage (sandbox): booking refused');
    const existing = bookings.get(reference);
    if (existing !== undefined) return existing;
    if (/undeliverable/i.test(address.line1)) throw new DeliveryFailed('the carrier cannot deliver to this address');
    const tracking = trackingNumber();
    const booking: Booking = { shipmentId: `shp_${tracking}`, trackingNumber: tracking, carrier: 'SANDBOX' };
    bookings.set(reference, booking);
    return booking;
  },
  async cancel() {
    if (outage) throw new CarrierUnavailable('carrier outage (sandbox): cancellation refused');
  },
};
