// The local Stripe's routes: the subset of https://docs.stripe.com/api that the payment adapter and an
// auditor use. A handler is synchronous: it reads the store, returns its answer and the objects it
// changed (committed together with the idempotency record before the answer goes out), or throws a
// StripeApiError.
import { listCharges, retrieveCharge } from './charges.ts';
import { invalidRequest } from './errors.ts';
import type { Params } from './params.ts';
import {
  cancelPaymentIntent, capturePaymentIntent, confirmPaymentIntent, createPaymentIntent, listPaymentIntents, retrievePaymentIntent,
  searchPaymentIntents,
} from './payment-intents.ts';
import { createRefund, listRefunds, retrieveRefund } from './refunds.ts';
import type { Change, StripeStore } from './store.ts';

export interface RequestContext {
  readonly store: StripeStore;
  readonly params: Params;
  /** The object id in the path (`/v1/payment_intents/:id/...`), or ''. */
  readonly pathId: string;
  /** What makes this request one business operation: its idempotency key, else its parameters. */
  readonly operationKey: string;
  /** tok_flaky: fails the first two calls of `operation` with a transient error (API.md §7). */
  flaky(operation: string): void;
}

export interface Outcome {
  readonly status: number;
  readonly body: unknown;
  readonly change?: Change;
}

export type Handler = (ctx: RequestContext) => Outcome;

interface Route {
  readonly method: 'GET' | 'POST';
  readonly pattern: RegExp;
  readonly handler: Handler;
}

const id = '([A-Za-z0-9_]+)';
const routes: readonly Route[] = [
  { method: 'POST', pattern: /^\/v1\/payment_intents$/, handler: createPaymentIntent },
  { method: 'GET', pattern: /^\/v1\/payment_intents$/, handler: listPaymentIntents },
  { method: 'GET', pattern: /^\/v1\/payment_intents\/search$/, handler: searchPaymentIntents },
  { method: 'GET', pattern: new RegExp(`^/v1/payment_intents/${id}$`), handler: retrievePaymentIntent },
  { method: 'POST', pattern: new RegExp(`^/v1/payment_intents/${id}/confirm$`), handler: confirmPaymentIntent },
  { method: 'POST', pattern: new RegExp(`^/v1/payment_intents/${id}/capture$`), handler: capturePaymentIntent },
  { method: 'POST', pattern: new RegExp(`^/v1/payment_intents/${id}/cancel$`), handler: cancelPaymentIntent },
  { method: 'POST', pattern: /^\/v1\/refunds$/, handler: createRefund },
  { method: 'GET', pattern: /^\/v1\/refunds$/, handler: listRefunds },
  { method: 'GET', pattern: new RegExp(`^/v1/refunds/${id}$`), handler: retrieveRefund },
  { method: 'GET', pattern: /^\/v1\/charges$/, handler: listCharges },
  { method: 'GET', pattern: new RegExp(`^/v1/charges/${id}$`), handler: retrieveCharge },
];

export function findRoute(method: string, path: string): { handler: Handler; pathId: string } {
  for (const route of routes) {
    const match = route.method === method ? route.pattern.exec(path) : null;
    if (match) return { handler: route.handler, pathId: match[1] ?? '' };
  }
  throw invalidRequest(`Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`, { status: 404 });
}
