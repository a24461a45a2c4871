// The shapes tasks exchange with each other and store: money in integer minor units, times as
// ISO-8601 UTC strings, ids as ULIDs.

export interface Money {
  readonly amount: number;
  readonly currency: string;
}

export interface Address {
  readonly name: string;
  readonly line1: string;
  readonly line2?: string;
  /** State, province or region where the country's addresses name one. */
  readonly region?: string;
  readonly city: string;
  readonly postalCode: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
}

export interface OrderItem {
  readonly productId: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPrice: Money;
}

/** A product and a count: what is reserved, shipped or returned. */
export interface StockLine {
  readonly productId: string;
  readonly quantity: number;
}

export const orderStatuses = ['PLACED', 'PACKING', 'PACKED', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'FAILED',
  'PARTIALLY_REFUNDED', 'REFUNDED'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export interface StatusChange {
  readonly status: OrderStatus;
  readonly at: string;
  readonly note?: string;
}

/** An item of the Orders table. */
export interface Order {
  readonly id: string;
  readonly userId: string;
  readonly status: OrderStatus;
  readonly items: readonly OrderItem[];
  readonly itemsTotal: Money;
  readonly deliveryPrice: Money;
  readonly total: Money;
  readonly deliveryAddress: Address;
  readonly homeRegion: string;
  /** Raised by one on each adoption, by a conditional write naming the epoch it replaces. */
  readonly ownerEpoch?: number;
  readonly idempotencyKey: string;
  readonly authorisationId: string;
  readonly trackingNumber?: string;
  /** The parcels the warehouse packed the order in (confirmPacked), recorded with PACKED. */
  readonly packages?: number;
  readonly history: readonly StatusChange[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const refundStatuses = ['REQUESTED', 'AWAITING_APPROVAL', 'APPROVED', 'REFUNDED', 'REJECTED', 'FAILED'] as const;
export type RefundStatus = (typeof refundStatuses)[number];

export interface SagaStep {
  readonly name: string;
  readonly status: string;
  readonly at: string;
  readonly detail?: string;
}

/** A refund saga's item in the Refunds table (pk REFUND#<id>, sk REFUND). */
export interface RefundRecord {
  readonly pk: string;
  readonly sk: 'REFUND';
  /** Lists every refund by time through the byRecordType index. */
  readonly recordType: 'REFUND';
  readonly id: string;
  readonly orderId: string;
  readonly amount: Money;
  readonly reason: string;
  readonly status: RefundStatus;
  readonly requestedBy: string;
  readonly items: readonly StockLine[];
  readonly decidedBy?: string;
  readonly decisionNote?: string;
  readonly approvalTaskToken?: string;
  readonly steps: readonly SagaStep[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function nowIso(): string {
  return new Date().toISOString();
}
