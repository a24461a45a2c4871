// The secrets the local platform starts with (API.md §7): the payment provider's key (the local
// Stripe server's `sk_test_local`) and the carrier's, as JSON under the names the tasks are given
// in PAYMENT_SECRET_ID and CARRIER_SECRET_ID. Test keys of local stand-ins, not credentials.
export const secretNames = {
  paymentProvider: 'bigsmokes/payment-provider',
  carrier: 'bigsmokes/carrier',
} as const;

export function localSecrets(paymentApiKey: string): Record<string, string> {
  return {
    [secretNames.paymentProvider]: JSON.stringify({ apiKey: paymentApiKey }),
    [secretNames.carrier]: JSON.stringify({ apiKey: 'carrier_test_local' }),
  };
}
