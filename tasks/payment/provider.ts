// The payment provider the tasks use: Stripe, through its official SDK (stripe-payment-provider.ts).
// On AWS it reaches api.stripe.com; locally PAYMENT_API_URL points it at the local Stripe-compatible
// server, so the same adapter runs in both.
import type { PaymentProvider } from './payment-provider.ts';
import { stripePaymentProvider } from './stripe-payment-provider.ts';

export function paymentProvider(): PaymentProvider {
  return stripePaymentProvider;
}
