// The payment provider adapter. Every call carries a `reference` naming the business operation (the
// order and which authorisation, capture, void or refund of it), which the provider treats as an
// idempotency key, so a retry, a redrive or a second Lambda container never acts twice; and the
// order id, which the provider keeps with the payment so an auditor can find it.
// Declines throw PaymentDeclined; outages, rate limits and timeouts throw PaymentProviderUnavailable.
import type { Money } from '../lib/types.ts';

export interface PaymentProvider {
  authorise(request: { reference: string; orderId: string; token: string; amount: Money }): Promise<{ authorisationId: string }>;
  /** `amount` may be less than authorised (the order shrank): the rest of the hold is released. */
  capture(request: { reference: string; orderId: string; authorisationId: string; amount: Money }): Promise<{ captureId: string }>;
  void(request: { reference: string; orderId: string; authorisationId: string }): Promise<{ voidId: string }>;
  refund(request: { reference: string; orderId: string; captureId: string; amount: Money }): Promise<{ refundId: string }>;
}
