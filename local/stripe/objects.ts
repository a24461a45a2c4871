// The Stripe objects the local server keeps, in the shapes of the API reference:
// PaymentIntent (https://docs.stripe.com/api/payment_intents/object), Refund
// (https://docs.stripe.com/api/refunds/object), Charge (https://docs.stripe.com/api/charges/object)
// and PaymentMethod (https://docs.stripe.com/api/payment_methods/object). Fields the local server
// has nothing to say about keep Stripe's null.
import { randomBytes } from 'node:crypto';
import type { CardOutcome, TestCard } from './cards.ts';

export type PaymentIntentStatus =
  | 'requires_payment_method' | 'requires_confirmation' | 'requires_action' | 'processing' | 'requires_capture' | 'canceled' | 'succeeded';

export interface LastPaymentError {
  readonly type: 'card_error';
  readonly code: string;
  readonly decline_code: string;
  readonly message: string;
  readonly doc_url: string;
  readonly charge: string;
  readonly payment_method: PaymentMethod;
}

export interface PaymentIntent {
  readonly id: string;
  readonly object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_details: { tip: Record<string, never> };
  amount_received: number;
  application: null;
  application_fee_amount: null;
  automatic_payment_methods: { enabled: boolean; allow_redirects?: 'always' | 'never' } | null;
  canceled_at: number | null;
  cancellation_reason: string | null;
  capture_method: 'automatic' | 'automatic_async' | 'manual';
  client_secret: string;
  confirmation_method: 'automatic' | 'manual';
  readonly created: number;
  currency: string;
  customer: string | null;
  description: string | null;
  last_payment_error: LastPaymentError | null;
  latest_charge: string | null;
  readonly livemode: false;
  metadata: Record<string, string>;
  next_action: null;
  on_behalf_of: null;
  payment_method: string | null;
  payment_method_options: Record<string, unknown>;
  /** What the request allowed (`allowed_payment_method_types`, API version 2026-11-18 and later), or null. */
  allowed_payment_method_types: string[] | null;
  excluded_payment_method_types: null;
  /** The payment method types this PaymentIntent can use. */
  payment_method_types: string[];
  processing: null;
  receipt_email: string | null;
  review: null;
  setup_future_usage: null;
  shipping: null;
  statement_descriptor: string | null;
  statement_descriptor_suffix: string | null;
  status: PaymentIntentStatus;
  transfer_data: null;
  transfer_group: null;
}

export interface Charge {
  readonly id: string;
  readonly object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  balance_transaction: null;
  captured: boolean;
  readonly created: number;
  currency: string;
  failure_code: string | null;
  failure_message: string | null;
  readonly livemode: false;
  metadata: Record<string, string>;
  outcome: { network_status: string; reason: string | null; risk_level: string; seller_message: string; type: string };
  paid: boolean;
  payment_intent: string;
  payment_method: string;
  refunded: boolean;
  status: 'succeeded' | 'pending' | 'failed';
}

export interface Refund {
  readonly id: string;
  readonly object: 'refund';
  amount: number;
  balance_transaction: null;
  charge: string;
  readonly created: number;
  currency: string;
  metadata: Record<string, string>;
  payment_intent: string;
  reason: string | null;
  receipt_number: null;
  source_transfer_reversal: null;
  status: 'succeeded' | 'pending' | 'failed' | 'canceled';
  transfer_reversal: null;
}

export interface PaymentMethod {
  readonly id: string;
  readonly object: 'payment_method';
  billing_details: { address: null; email: null; name: null; phone: null };
  card: { brand: string; country: string; exp_month: number; exp_year: number; funding: string; last4: string };
  readonly created: number;
  customer: null;
  readonly livemode: false;
  metadata: Record<string, string>;
  type: 'card';
}

/** A PaymentMethod and how its test card behaves (kept apart from the object Stripe shows). */
export interface StoredPaymentMethod {
  readonly object: PaymentMethod;
  readonly outcome: CardOutcome;
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Stripe-style ids: a prefix and 24 random alphanumerics (`pi_3MtwBwLkdIwHu7ix28a3tqPa`). */
export function newId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let id = '';
  for (const byte of bytes) id += alphabet[byte % alphabet.length];
  return `${prefix}_${id}`;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export function newPaymentMethod(card: TestCard): StoredPaymentMethod {
  const expYear = new Date().getUTCFullYear() + 3;
  return {
    object: {
      id: newId('pm'), object: 'payment_method',
      billing_details: { address: null, email: null, name: null, phone: null },
      card: { brand: card.brand, country: 'US', exp_month: 12, exp_year: expYear, funding: card.funding, last4: card.last4 },
      created: nowSeconds(), customer: null, livemode: false, metadata: {}, type: 'card',
    },
    outcome: card.outcome,
  };
}

export function newPaymentIntent(fields: Pick<PaymentIntent, 'amount' | 'currency' | 'capture_method' | 'metadata' | 'description' | 'customer' | 'receipt_email' | 'statement_descriptor' | 'statement_descriptor_suffix' | 'payment_method_types' | 'allowed_payment_method_types' | 'automatic_payment_methods'>): PaymentIntent {
  const id = newId('pi');
  return {
    id, object: 'payment_intent', allowed_payment_method_types: fields.allowed_payment_method_types, amount: fields.amount, amount_capturable: 0, amount_details: { tip: {} }, amount_received: 0,
    application: null, application_fee_amount: null, automatic_payment_methods: fields.automatic_payment_methods,
    canceled_at: null, cancellation_reason: null, capture_method: fields.capture_method,
    client_secret: `${id}_secret_${newId('x', 25).slice(2)}`, confirmation_method: 'automatic', created: nowSeconds(),
    currency: fields.currency, customer: fields.customer, description: fields.description, excluded_payment_method_types: null,
    last_payment_error: null, latest_charge: null,
    livemode: false, metadata: fields.metadata, next_action: null, on_behalf_of: null, payment_method: null, payment_method_options: {},
    payment_method_types: fields.payment_method_types, processing: null, receipt_email: fields.receipt_email, review: null,
    setup_future_usage: null, shipping: null, statement_descriptor: fields.statement_descriptor,
    statement_descriptor_suffix: fields.statement_descriptor_suffix, status: 'requires_payment_method', transfer_data: null, transfer_group: null,
  };
}

export function newCharge(intent: PaymentIntent, paymentMethod: string, outcome: CardOutcome): Charge {
  const declined = outcome.kind === 'decline';
  return {
    id: newId('ch'), object: 'charge', amount: intent.amount, amount_captured: 0, amount_refunded: 0, balance_transaction: null,
    captured: false, created: nowSeconds(), currency: intent.currency,
    failure_code: declined ? 'card_declined' : null, failure_message: declined ? outcome.message : null,
    livemode: false, metadata: {},
    outcome: declined
      ? { network_status: 'declined_by_network', reason: outcome.declineCode, risk_level: 'normal', seller_message: 'The bank did not return any further details with this decline.', type: 'issuer_declined' }
      : { network_status: 'approved_by_network', reason: null, risk_level: 'normal', seller_message: 'Payment complete.', type: 'authorized' },
    paid: !declined, payment_intent: intent.id, payment_method: paymentMethod, refunded: false, status: declined ? 'failed' : 'succeeded',
  };
}

export function newRefund(fields: Pick<Refund, 'amount' | 'charge' | 'currency' | 'metadata' | 'payment_intent' | 'reason'>): Refund {
  return {
    id: newId('re'), object: 'refund', amount: fields.amount, balance_transaction: null, charge: fields.charge, created: nowSeconds(),
    currency: fields.currency, metadata: fields.metadata, payment_intent: fields.payment_intent, reason: fields.reason,
    receipt_number: null, source_transfer_reversal: null, status: 'succeeded', transfer_reversal: null,
  };
}
