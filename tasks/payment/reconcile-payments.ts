// ReconcilePayments (scheduled on AWS, `npm run reconcile` locally): lists the payment provider's
// PaymentIntents and Refunds created in a window and compares each with the Payments table and the
// ledger, as an auditor would.
// - A hold (requires_capture) that no live AUTHORISED record names, older than the checkout budget
//   (a checkout still running may not have recorded it yet), is voided: its order was never stored,
//   or its checkout was compensated without releasing it. Its PENDING record, if any, becomes VOIDED.
// - An authorisation left PENDING past the checkout budget with no order (its checkout crashed, or
//   its compensation could not reach the provider) is settled as VoidPayment does: whatever its
//   reference holds is released and it becomes VOIDED.
// - A capture or a refund the tables have no record of is reported (money moved that nobody booked).
// - An amount that differs between the provider, the table and the ledger is reported and counted
//   in the PaymentAmountMismatch metric, which raises the alarm on AWS.
import { GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type Stripe from 'stripe';
import { tableName } from '../../infra/tables.ts';
import { documentClient } from '../lib/clients.ts';
import { metrics } from '../lib/observability.ts';
import { makeTask } from '../lib/task.ts';
import { nowIso } from '../lib/types.ts';
import { entryMarkerKey, type LedgerEntryMarker } from '../finance/ledger.ts';
import { isCaptured, loadPayment, loadRefunds, references } from './payments.ts';
import type { AuthorisationRecord, CaptureRecord } from './payments.ts';
import { stripeClient, stripePaymentProvider } from './stripe-payment-provider.ts';
import { voidPayment } from './void-payment.ts';

export interface ReconcilePaymentsInput {
  /** The schedule's event id (EventBridge gives each event one): the idempotency key. */
  readonly id: string;
  /** How far back to look; default a week (a card hold lasts seven days). */
  readonly windowSeconds?: number;
}

export type Finding =
  | { readonly kind: 'orphanHoldVoided'; readonly orderId: string; readonly paymentIntent: string; readonly amount: number }
  | { readonly kind: 'pendingAuthorisationVoided'; readonly orderId: string; readonly reference: string }
  | { readonly kind: 'captureWithoutRecord'; readonly orderId: string; readonly paymentIntent: string; readonly amount: number }
  | { readonly kind: 'refundWithoutRecord'; readonly orderId: string; readonly refund: string; readonly amount: number }
  | { readonly kind: 'amountMismatch'; readonly orderId: string; readonly what: string; readonly provider: number; readonly recorded: number };

export interface ReconcilePaymentsResult {
  readonly from: string;
  readonly to: string;
  readonly paymentIntents: number;
  readonly refunds: number;
  readonly findings: readonly Finding[];
}

const defaultWindowSeconds = 7 * 24 * 3600;

/** How long a checkout may take before its hold must be on record (CHECKOUT_BUDGET_SECONDS, default 15 min). */
export function checkoutBudgetSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number(env.CHECKOUT_BUDGET_SECONDS);
  return env.CHECKOUT_BUDGET_SECONDS !== undefined && Number.isInteger(configured) && configured >= 0 ? configured : 900;
}

async function orderExists(orderId: string): Promise<boolean> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName('Orders'), Key: { id: orderId }, ConsistentRead: true, ProjectionExpression: 'id' }));
  return Item !== undefined;
}

async function ledgerEntry(orderId: string, kind: 'CAPTURE' | 'REFUND', refundId?: string): Promise<LedgerEntryMarker | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName('Refunds'), Key: entryMarkerKey(orderId, kind, refundId), ConsistentRead: true }));
  return Item as LedgerEntryMarker | undefined;
}

/** A hold nobody will capture: released at the provider, and its record (if it is this hold's) marked VOIDED. */
async function voidOrphan(intent: Stripe.PaymentIntent, orderId: string, authorisation: AuthorisationRecord | undefined): Promise<void> {
  await stripePaymentProvider.void({ reference: references.void(intent.id), orderId, authorisationId: intent.id });
  const ours = authorisation !== undefined && (authorisation.authorisationId === intent.id || authorisation.status === 'PENDING');
  if (!ours) return;
  await documentClient().send(new UpdateCommand({
    TableName: tableName('Payments'), Key: { orderId, operation: 'AUTHORISATION' },
    UpdateExpression: 'SET #status = :voided, voidedAt = :at REMOVE paymentToken',
    ConditionExpression: '#status = :was AND attempt = :attempt',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':voided': 'VOIDED', ':was': authorisation.status, ':attempt': authorisation.attempt ?? 0, ':at': nowIso() },
  })).catch((error: unknown) => { if (!(error instanceof ConditionalCheckFailedException)) throw error; });
}

async function reconcileIntent(intent: Stripe.PaymentIntent, nowSeconds: number, findings: Finding[]): Promise<void> {
  const orderId = intent.metadata?.orderId;
  if (orderId === undefined) return; // not ours: every payment this platform makes names its order
  const authorisation = await loadPayment<AuthorisationRecord>(orderId, 'AUTHORISATION');
  const capture = await loadPayment<CaptureRecord>(orderId, 'CAPTURE');
  const old = nowSeconds - intent.created > checkoutBudgetSeconds();

  if (intent.status === 'requires_capture') {
    const live = authorisation?.status === 'AUTHORISED' && authorisation.authorisationId === intent.id && await orderExists(orderId);
    if (live) {
      if (authorisation.amount.amount !== intent.amount_capturable) {
        findings.push({ kind: 'amountMismatch', orderId, what: `hold ${intent.id}`, provider: intent.amount_capturable, recorded: authorisation.amount.amount });
      }
      return;
    }
    // A capture under way (PENDING) is the saga's to finish, not ours to release.
    if (old && capture === undefined) {
      await voidOrphan(intent, orderId, authorisation);
      findings.push({ kind: 'orphanHoldVoided', orderId, paymentIntent: intent.id, amount: intent.amount_capturable });
    }
    return;
  }
  if (intent.amount_received > 0) {
    const recorded = isCaptured(capture) && capture.captureId === intent.id;
    if (!recorded) {
      if (old) findings.push({ kind: 'captureWithoutRecord', orderId, paymentIntent: intent.id, amount: intent.amount_received });
      return;
    }
    if (capture.amount.amount !== intent.amount_received) {
      findings.push({ kind: 'amountMismatch', orderId, what: `capture ${intent.id}`, provider: intent.amount_received, recorded: capture.amount.amount });
    }
    const booked = await ledgerEntry(orderId, 'CAPTURE');
    if (booked !== undefined && booked.amount.amount !== intent.amount_received) {
      findings.push({ kind: 'amountMismatch', orderId, what: `ledger capture of ${intent.id}`, provider: intent.amount_received, recorded: booked.amount.amount });
    }
  }
}

async function stalePendingAuthorisations(nowMs: number): Promise<AuthorisationRecord[]> {
  const cutoff = new Date(nowMs - checkoutBudgetSeconds() * 1000).toISOString();
  const found: AuthorisationRecord[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(new ScanCommand({
      TableName: tableName('Payments'), ConsistentRead: true, ExclusiveStartKey: startKey,
      FilterExpression: 'operation = :auth AND #status = :pending AND requestedAt <= :cutoff',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':auth': 'AUTHORISATION', ':pending': 'PENDING', ':cutoff': cutoff },
    }));
    found.push(...((page.Items ?? []) as AuthorisationRecord[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return found;
}

async function reconcileRefund(refund: Stripe.Refund, orderOfIntent: ReadonlyMap<string, string>, nowSeconds: number, findings: Finding[]): Promise<void> {
  if (refund.status !== 'succeeded' && refund.status !== 'pending') return;
  const intent = typeof refund.payment_intent === 'string' ? refund.payment_intent : refund.payment_intent?.id;
  const orderId = refund.metadata?.orderId ?? (intent === undefined ? undefined : orderOfIntent.get(intent));
  if (orderId === undefined) return;
  const record = (await loadRefunds(orderId)).find((r) => r.providerRefundId === refund.id || (r.status === 'PENDING' && refund.metadata?.reference === references.refund(orderId, r.refundId)));
  if (record === undefined) {
    if (nowSeconds - refund.created > checkoutBudgetSeconds()) findings.push({ kind: 'refundWithoutRecord', orderId, refund: refund.id, amount: refund.amount });
    return;
  }
  if (record.amount.amount !== refund.amount) {
    findings.push({ kind: 'amountMismatch', orderId, what: `refund ${refund.id}`, provider: refund.amount, recorded: record.amount.amount });
  }
  const booked = record.status === 'REFUNDED' ? await ledgerEntry(orderId, 'REFUND', record.refundId) : undefined;
  if (booked !== undefined && booked.amount.amount !== refund.amount) {
    findings.push({ kind: 'amountMismatch', orderId, what: `ledger refund ${record.refundId}`, provider: refund.amount, recorded: booked.amount.amount });
  }
}

export async function reconcilePayments(input: Partial<ReconcilePaymentsInput> = {}, nowMs = Date.now()): Promise<ReconcilePaymentsResult> {
  const nowSeconds = Math.floor(nowMs / 1000);
  const from = nowSeconds - (input.windowSeconds ?? defaultWindowSeconds);
  const stripe = await stripeClient();
  const window = { created: { gte: from }, limit: 100 };
  const intents: Stripe.PaymentIntent[] = [];
  const refunds: Stripe.Refund[] = [];
  await stripe.paymentIntents.list(window).autoPagingEach((pi) => { intents.push(pi); });
  await stripe.refunds.list(window).autoPagingEach((refund) => { refunds.push(refund); });
  const findings: Finding[] = [];
  for (const pending of await stalePendingAuthorisations(nowMs)) {
    if (await orderExists(pending.orderId)) continue;
    await voidPayment({ orderId: pending.orderId });
    findings.push({ kind: 'pendingAuthorisationVoided', orderId: pending.orderId, reference: pending.reference ?? '' });
  }
  for (const intent of intents) await reconcileIntent(intent, nowSeconds, findings);
  const orderOfIntent = new Map(intents.flatMap((pi) => (pi.metadata?.orderId === undefined ? [] : [[pi.id, pi.metadata.orderId] as const])));
  for (const refund of refunds) await reconcileRefund(refund, orderOfIntent, nowSeconds, findings);

  const count = (kind: Finding['kind']) => findings.filter((f) => f.kind === kind).length;
  metrics.addMetric('PaymentAmountMismatch', MetricUnit.Count, count('amountMismatch'));
  metrics.addMetric('PaymentWithoutRecord', MetricUnit.Count, count('captureWithoutRecord') + count('refundWithoutRecord'));
  metrics.addMetric('OrphanHoldsVoided', MetricUnit.Count, count('orphanHoldVoided'));
  return { from: new Date(from * 1000).toISOString(), to: new Date(nowMs).toISOString(), paymentIntents: intents.length, refunds: refunds.length, findings };
}

export const handler = makeTask<ReconcilePaymentsInput, ReconcilePaymentsResult>({
  name: 'ReconcilePayments',
  idempotencyKey: 'id',
  run: (input) => reconcilePayments(input),
});
