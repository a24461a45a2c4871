// The sandbox carrier of API.md §7: books every parcel and hands out tracking numbers, refuses an
// address whose first line contains "undeliverable" (a business failure to test compensation), and
// has the drill switches: an outage under which every call fails transiently, and a seeded fault
// rate that fails that share of calls transiently. State is per process.
import { FaultSwitch, type FaultRate } from '../../local/fault-switch.ts';
import { CarrierUnavailable, DeliveryFailed } from '../lib/errors.ts';
import type { Booking, Carrier } from './carrier.ts';

const drills = new FaultSwitch();
const bookings = new Map<string, Booking>();
let sequence = 0;

export function setCarrierOutage(on: boolean): void {
  drills.setOutage(on);
}

export function carrierOutage(): boolean {
  return drills.state().outage;
}

/** `{"failRate": 0.3, "seed": 7}` fails that share of calls; failRate 0 turns it off. */
export function setCarrierFaults(faults: FaultRate): void {
  drills.setFaults(faults);
}

function gate(operation: string): void {
  const fault = drills.check();
  if (fault?.reason === 'outage') throw new CarrierUnavailable(`carrier outage (sandbox): ${operation} refused`);
  if (fault) throw new CarrierUnavailable(`carrier timed out (sandbox fault drill): ${operation} refused`);
}

function trackingNumber(): string {
  sequence += 1;
  const digits = `${Date.now() % 1e8}`.padStart(8, '0') + `${sequence % 1e4}`.padStart(4, '0');
  return `BS${digits}`;
}

export const sandboxCarrier: Carrier = {
  async book({ reference, address }) {
    gate('booking');
    const existing = bookings.get(reference);
    if (existing !== undefined) return existing;
    if (/undeliverable/i.test(address.line1)) throw new DeliveryFailed('the carrier cannot deliver to this address');
    const tracking = trackingNumber();
    const booking: Booking = { shipmentId: `shp_${tracking}`, trackingNumber: tracking, carrier: 'SANDBOX' };
    bookings.set(reference, booking);
    return booking;
  },
  async cancel() {
    gate('cancellation');
  },
};
