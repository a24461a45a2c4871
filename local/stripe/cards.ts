// Stripe's test cards (https://docs.stripe.com/testing): test PaymentMethods (`pm_card_visa`,
// `pm_card_chargeDeclined`, `pm_card_chargeDeclinedInsufficientFunds`, ...) and test tokens
// (`tok_visa`, `tok_chargeDeclined`, `tok_chargeDeclinedInsufficientFunds`, ...), plus the sandbox
// aliases of API.md §7: `tok_declined`, `tok_insufficient_funds`, and `tok_flaky` (approves, but
// the first two calls of each operation fail with a transient error).

export type CardOutcome =
  | { readonly kind: 'approve' }
  | { readonly kind: 'flaky' }
  | { readonly kind: 'decline'; readonly declineCode: string; readonly message: string };

export interface TestCard {
  readonly brand: string;
  readonly last4: string;
  readonly funding: 'credit' | 'debit';
  readonly outcome: CardOutcome;
}

const approve: CardOutcome = { kind: 'approve' };
const genericDecline: CardOutcome = { kind: 'decline', declineCode: 'generic_decline', message: 'Your card was declined.' };
const insufficientFunds: CardOutcome = { kind: 'decline', declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.' };

/** By the name after the `pm_card_` or `tok_` prefix. */
const cards: Readonly<Record<string, TestCard>> = {
  visa: { brand: 'visa', last4: '4242', funding: 'credit', outcome: approve },
  visa_debit: { brand: 'visa', last4: '5556', funding: 'debit', outcome: approve },
  mastercard: { brand: 'mastercard', last4: '4444', funding: 'credit', outcome: approve },
  amex: { brand: 'amex', last4: '8431', funding: 'credit', outcome: approve },
  chargeDeclined: { brand: 'visa', last4: '0002', funding: 'credit', outcome: genericDecline },
  visa_chargeDeclined: { brand: 'visa', last4: '0002', funding: 'credit', outcome: genericDecline },
  chargeDeclinedInsufficientFunds: { brand: 'visa', last4: '9995', funding: 'credit', outcome: insufficientFunds },
  visa_chargeDeclinedInsufficientFunds: { brand: 'visa', last4: '9995', funding: 'credit', outcome: insufficientFunds },
  // API.md §7's sandbox names.
  declined: { brand: 'visa', last4: '0002', funding: 'credit', outcome: genericDecline },
  insufficient_funds: { brand: 'visa', last4: '9995', funding: 'credit', outcome: insufficientFunds },
  flaky: { brand: 'visa', last4: '4242', funding: 'credit', outcome: { kind: 'flaky' } },
};

const card = (name: string): TestCard | undefined => (Object.hasOwn(cards, name) ? cards[name] : undefined);

/** A test PaymentMethod name such as `pm_card_visa`, or undefined. */
export function testPaymentMethod(id: string): TestCard | undefined {
  return id.startsWith('pm_card_') ? card(id.slice('pm_card_'.length)) : undefined;
}

/** A test token such as `tok_visa`, or undefined. */
export function testToken(id: string): TestCard | undefined {
  return id.startsWith('tok_') ? card(id.slice('tok_'.length)) : undefined;
}
