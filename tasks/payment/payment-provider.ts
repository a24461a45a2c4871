// The payment provider adapter. Every call carries a `reference` that the provider treats as an
// idempotency key (as real providers do), so a retried call never charges, voids or refunds twice.
// Declines throw PaymentDeclined; outages and timeouts throw PaymentProviderUnavailable.
import type { Money } from '../lib/types.ts';

export interface PaymentProvider {
  authorise(request: { reference: string; token: string; amount: Money }): Promise<{ authorisationId: string }>;
  capture(request: { reference: string; authorisationId: string; amount: Money }): Promise<{ captureId: string }>;
  void(request: { reference: string; authorisationId: string }): Promise<{ voidId: string }>;
  refund(request: { reference: string; captureId: string; amount: Money }): Promise<{ refundId: string }>;
}
