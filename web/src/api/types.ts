// The shapes of schema/schema.graphql the pages read (API.md §1).
export interface Money { amount: number; currency: string }

export interface Product {
  id: string; name: string; brand: string; category: string; description?: string | null;
  price: Money; imageUrl?: string | null; stock: number; onSale: boolean;
  /** AWSJSON: a JSON string (vitola, origin, strength, ringGauge, lengthInches, wrapper, count). */
  attributes?: string | null; updatedAt: string;
}

export interface RegionStock { region: string; available: number; reserved: number }

export interface ProductAttributes {
  vitola?: string; origin?: string; strength?: string; ringGauge?: number; lengthInches?: number;
  wrapper?: string; count?: number;
}

export interface Address { name: string; line1: string; line2?: string | null; city: string; postalCode: string; region?: string | null; country: string }

export const ORDER_STATUSES = [
  'PLACED', 'PACKING', 'PACKED', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'FAILED', 'PARTIALLY_REFUNDED', 'REFUNDED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const REFUND_STATUSES = ['REQUESTED', 'AWAITING_APPROVAL', 'APPROVED', 'REFUNDED', 'REJECTED', 'FAILED'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export interface OrderItem { productId: string; name: string; quantity: number; unitPrice: Money }
export interface StatusChange { status: OrderStatus; at: string; note?: string | null }
export interface SagaStep { name: string; status: string; at: string; detail?: string | null }
export interface ReturnItem { productId: string; quantity: number }

export interface Refund {
  id: string; orderId: string; amount: Money; reason: string; status: RefundStatus; requestedBy: string;
  requesterEmail?: string | null; requesterName?: string | null; order?: Order | null;
  decidedBy?: string | null; decisionNote?: string | null; items?: ReturnItem[] | null; steps: SagaStep[];
  createdAt: string; updatedAt: string;
}

export interface Order {
  id: string; userId: string; status: OrderStatus; items: OrderItem[]; total: Money; deliveryAddress: Address;
  deliveryPrice: Money; trackingNumber?: string | null; history: StatusChange[]; refunds: Refund[];
  orderNumber?: string | null; customerEmail?: string | null; shipment?: Shipment | null; payment?: OrderPayment | null;
  createdAt: string; updatedAt: string;
}

export interface Shipment { carrier: string; trackingNumber: string; awaitingDelivery: boolean }
export interface OrderPayment { authorised?: Money | null; captured?: Money | null; refunded?: Money | null; refundable?: Money | null }

export interface Connection<T> { items: T[]; nextToken?: string | null }

export interface ExecutionSummary {
  executionArn: string; stateMachineArn: string; name: string; status: string; startDate: string;
  stopDate?: string | null; redriveCount?: number | null; redriveStatus?: string | null;
  failure?: { error?: string | null; cause?: string | null } | null;
}

export interface ExecutionEvent { id: number; type: string; timestamp: string; previousEventId?: number | null; detail?: string | null }

export interface LedgerLine {
  id: string; at: string; orderId: string; refundId?: string | null; account: string; debit: number; credit: number;
  currency: string; memo?: string | null;
}
