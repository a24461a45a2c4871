// The sandbox payment provider of API.md §7. Test tokens: tok_visa approves; tok_declined and
// tok_insufficient_funds are declined; tok_flaky fails the first two calls of each operation with a
// transient error, then succeeds. The outage switch makes every call fail transiently (drills).
// State is per process, which is where the local runtime runs every task.
import { ulid } from 'ulid';
import { PaymentDeclined, PaymentProviderUnavailable } from '../lib/errors.ts';
import type { PaymentProvider } from './payment-provider.ts';

type Behaviour = 'approve' | 'flaky';

let outage = false;
/** Results already given, by reference: the provider-side idempotency. */
const results = new Map<string, string>();
/** How an authorisation behaves in later operations, by authorisation id. */
const behaviours = new Map<string, Behaviour>();
const failuresSoFar = new Map<string, number>();

export function setPaymentOutage(on: boolean): void {
  outage = on;
}

export function paymentOutage(): boolean {
  return outage;
}

const flakyFailures = 2;

function gate(operation: string, reference: string, behaviour: Behaviour): void {
  if (outage) throw new PaymentProviderUnavailable(`payment provider outage (sandbox): ${operation} refused`);
  if (behaviour !== 'flaky') return;
  const key = `${operation}:${reference}`;
  const failures = failuresSoFar.get(key) ?? 0;
  if (failures < flakyFailures) {
    failuresSoFar.set(key, failures + 1);
    throw new PaymentProviderUnavailable(`payment provider timed out (sandbox tok_flaky, ${operation} call ${failures + 1})`);
  }
}

function once(operation: string, reference: string, make: () => string): string {
  const key = `${operation}:${reference}`;
  const existing = results.get(key);
  if (existing !== undefined) return existing;
  const id = make();
  results.set(key, id);
  return id;
}

export const sandboxPaymentProvider: PaymentProvider = {
  async authorise({ reference, token }) {
    if (token === 'tok_declined') throw new PaymentDeclined('the card was declined');
    if (token === 'tok_insufficient_funds') throw new PaymentDeclined('the card has insufficient funds');
    if (token !== 'tok_visa' && token !== 'tok_flaky') throw new PaymentDeclined('the payment token is not valid');
    const behaviour: Behaviour = token === 'tok_flaky' ? 'flaky' : 'approve';
    gate('authorise', reference, behaviour);
    const authorisationId = once('authorise', reference, () => `auth_${ulid()}`);
    behaviours.set(authorisationId, behaviour);
    return { authorisationId };
  },
  async capture({ reference, authorisationId }) {
    const behaviour = behaviours.get(authorisationId) ?? 'approve';
    gate('capture', reference, behaviour);
    const captureId = once('capture', reference, () => `cap_${ulid()}`);
    behaviours.set(captureId, behaviour);
    return { captureId };
  },
  async void({ reference, authorisationId }) {
    gate('void', reference, behaviours.get(authorisationId) ?? 'approve');
    return { voidId: once('void', reference, () => `void_${ulid()}`) };
  },
  async refund({ reference, captureId }) {
    gate('refund', reference, behaviours.get(captureId) ?? 'approve');
    return { refundId: once('refund', reference, () => `re_${ulid()}`) };
  },
};
