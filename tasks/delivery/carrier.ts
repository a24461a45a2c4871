// The carrier adapter. `reference` is the carrier's idempotency key: booking twice with the same
// reference returns the same shipment. A refusal (address the carrier cannot serve) throws
// DeliveryFailed; an outage or timeout throws CarrierUnavailable.
import type { Address } from '../lib/types.ts';

export interface Booking {
  readonly shipmentId: string;
  readonly trackingNumber: string;
  readonly carrier: string;
}

export interface Carrier {
  book(request: { reference: string; address: Address; parcels: number }): Promise<Booking>;
  cancel(request: { shipmentId: string }): Promise<void>;
}
