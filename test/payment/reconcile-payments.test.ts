// ReconcilePayments (tasks/payment/reconcile-payments.ts) on the local DynamoDB and the local
// Stripe: it lists the provider's PaymentIntents and Refunds created in the window (Stripe's list
// endpoints with created[gte], https://docs.stripe.com/api/payment_intents/list,
// https://docs.stripe.com/api/refunds/list) and compares each with the Payments table and the
// ledger. One test per kind of difference; "older than the checkout budget" is reached by running
// it an hour later (its clock is an argument). Voids are checked at the provider.
import '../unit/helpers/env.ts';
import { jest } from '@jest/globals';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { useCatalogueDb } from '../unit/helpers/catalogue-db.ts';
import { lambdaContext } from '../unit/helpers/context.ts';
import { storedOrder } from '../unit/helpers/fixtures.ts';
import { tables } from '../../infra/tables.ts';
import { metrics } from '../../tasks/lib/observability.ts';
import { handler as authorise } from '../../tasks/payment/authorise-payment.ts';
import { handler as capture } from '../../tasks/payment/capture-payment.ts';
import { handler as refundPayment } from '../../tasks/payment/refund-payment.ts';
import { handler as writeLedger } from '../../tasks/finance/write-ledger.ts';
import { reconcilePayments, type Finding } from '../../tasks/payment/reconcile-payments.ts';

const db = useCatalogueDb(10);
const { payments } = db;
const amount = { amount: 3_099, currency: 'USD' };
let seq = 0;
const fresh = () => `order-rc-${++seq}-${Date.now()}`;
const anHourLater = () => Date.now() + 3_600_000;
const findingsFor = async (orderId: string, nowMs = anHourLater()) => (await reconcilePayments({}, nowMs)).findings.filter((f) => f.orderId === orderId);
const row = async (orderId: string, operation: string) =>
  (await db.doc.send(new GetCommand({ TableName: tables.Payments.tableName, Key: { orderId, operation }, ConsistentRead: true }))).Item;

async function placed(): Promise<{ orderId: string; authorisationId: string }> {
  const orderId = fresh();
  const { authorisationId } = await authorise({ orderId, executionId: `x-${orderId}`, amount, paymentToken: 'tok_visa' }, lambdaContext);
  await db.doc.send(new PutCommand({ TableName: tables.Orders.tableName, Item: storedOrder({ id: orderId, status: 'PACKED', authorisationId }) }));
  return { orderId, authorisationId };
}
async function captured(): Promise<{ orderId: string; authorisationId: string }> {
  const made = await placed();
  await capture({ orderId: made.orderId, executionId: `x-${made.orderId}` }, lambdaContext);
  await writeLedger({ orderId: made.orderId, kind: 'CAPTURE' }, lambdaContext);
  return made;
}
const holdFor = (orderId: string, value = 1_000) => payments.stripe.paymentIntents.create({
  amount: value, currency: 'usd', capture_method: 'manual', confirm: true, payment_method: 'pm_card_visa', automatic_payment_methods: { enabled: true, allow_redirects: 'never' }, metadata: { orderId },
});

test('everything on record and equal: nothing found, nothing done', async () => {
  const { orderId, authorisationId } = await captured();
  await refundPayment({ orderId, refundId: 'r1', amount: { amount: 500, currency: 'USD' } }, lambdaContext);
  await writeLedger({ orderId, kind: 'REFUND', refundId: 'r1' }, lambdaContext);
  const live = await placed();
  expect(await findingsFor(orderId)).toEqual([]);
  expect(await findingsFor(live.orderId)).toEqual([]);
  expect((await payments.stripe.paymentIntents.retrieve(live.authorisationId)).status).toBe('requires_capture');
  expect((await payments.stripe.paymentIntents.retrieve(authorisationId)).amount_received).toBe(3_099);
});

test('a hold with no order, older than the checkout budget: voided at the provider; a younger one is left to its checkout', async () => {
  const orderId = fresh();
  const hold = await holdFor(orderId);
  expect(await findingsFor(orderId, Date.now())).toEqual([]);
  expect((await payments.stripe.paymentIntents.retrieve(hold.id)).status).toBe('requires_capture');
  expect(await findingsFor(orderId)).toEqual([{ kind: 'orphanHoldVoided', orderId, paymentIntent: hold.id, amount: 1_000 }]);
  expect((await payments.stripe.paymentIntents.retrieve(hold.id)).status).toBe('canceled');
});

test('a second hold for a live order (an authorisation made twice): voided; the order\'s own hold kept', async () => {
  const { orderId, authorisationId } = await placed();
  const extra = await holdFor(orderId);
  expect(await findingsFor(orderId)).toEqual([{ kind: 'orphanHoldVoided', orderId, paymentIntent: extra.id, amount: 1_000 }]);
  expect((await payments.stripe.paymentIntents.retrieve(extra.id)).status).toBe('canceled');
  expect((await payments.stripe.paymentIntents.retrieve(authorisationId)).status).toBe('requires_capture');
});

test('a hold its record says was voided (a void skipped): voided at the provider', async () => {
  const { orderId, authorisationId } = await placed();
  await db.doc.send(new UpdateCommand({ TableName: tables.Payments.tableName, Key: { orderId, operation: 'AUTHORISATION' }, UpdateExpression: 'SET #s = :v', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':v': 'VOIDED' } }));
  expect(await findingsFor(orderId)).toEqual([{ kind: 'orphanHoldVoided', orderId, paymentIntent: authorisationId, amount: 3_099 }]);
  expect((await payments.stripe.paymentIntents.retrieve(authorisationId)).status).toBe('canceled');
});

test('a PENDING authorisation whose checkout never stored an order: the hold its reference made is voided, the record VOIDED', async () => {
  const orderId = fresh();
  const { authorisationId } = await authorise({ orderId, executionId: 'e', amount, paymentToken: 'tok_visa' }, lambdaContext);
  const requestedAt = new Date().toISOString();
  await db.doc.send(new PutCommand({ TableName: tables.Payments.tableName, Item: { orderId, operation: 'AUTHORISATION', status: 'PENDING', amount, attempt: 0, reference: `authorise:${orderId}:0`, paymentToken: 'tok_visa', requestedAt } }));
  const found = await findingsFor(orderId);
  expect(found).toContainEqual({ kind: 'pendingAuthorisationVoided', orderId, reference: `authorise:${orderId}:0` });
  expect((await payments.stripe.paymentIntents.retrieve(authorisationId)).status).toBe('canceled');
  expect((await row(orderId, 'AUTHORISATION'))!.status).toBe('VOIDED');
});

test('a capture with no record: reported, and counted in PaymentWithoutRecord', async () => {
  const orderId = fresh();
  const pi = await payments.stripe.paymentIntents.create({ amount: 700, currency: 'usd', confirm: true, payment_method: 'pm_card_visa', automatic_payment_methods: { enabled: true, allow_redirects: 'never' }, metadata: { orderId } });
  const added = jest.spyOn(metrics, 'addMetric');
  try {
    expect(await findingsFor(orderId)).toEqual([{ kind: 'captureWithoutRecord', orderId, paymentIntent: pi.id, amount: 700 }]);
    expect(added).toHaveBeenCalledWith('PaymentWithoutRecord', 'Count', expect.any(Number));
    expect(added.mock.calls.find(([name]) => name === 'PaymentWithoutRecord')![2]).toBeGreaterThanOrEqual(1);
  } finally {
    added.mockRestore();
  }
});

test('a refund with no record: reported', async () => {
  const { orderId, authorisationId } = await captured();
  const refund = await payments.stripe.refunds.create({ payment_intent: authorisationId, amount: 99 });
  expect(await findingsFor(orderId)).toEqual([{ kind: 'refundWithoutRecord', orderId, refund: refund.id, amount: 99 }]);
});

test('amounts that differ (the hold, the capture, the ledger, a refund): each reported, and the alarm metric counts them', async () => {
  const { orderId } = await captured();
  await refundPayment({ orderId, refundId: 'r1', amount: { amount: 500, currency: 'USD' } }, lambdaContext);
  await writeLedger({ orderId, kind: 'REFUND', refundId: 'r1' }, lambdaContext);
  const set = (Key: Record<string, string>, TableName: string, value: number) => db.doc.send(new UpdateCommand({
    TableName, Key, UpdateExpression: 'SET amount.amount = :a', ExpressionAttributeValues: { ':a': value },
  }));
  await set({ orderId, operation: 'CAPTURE' }, tables.Payments.tableName, 3_000);
  await set({ orderId, operation: 'REFUND#r1' }, tables.Payments.tableName, 400);
  await set({ pk: `LEDGER-ENTRY#${orderId}`, sk: 'CAPTURE' }, tables.Refunds.tableName, 3_100);
  const live = await placed();
  await set({ orderId: live.orderId, operation: 'AUTHORISATION' }, tables.Payments.tableName, 3_000);

  const added = jest.spyOn(metrics, 'addMetric');
  try {
    const found = await findingsFor(orderId);
    expect(found.map((f: Finding) => f.kind === 'amountMismatch' && [f.what.split(' ')[0], f.provider, f.recorded])).toEqual([
      ['capture', 3_099, 3_000], ['ledger', 3_099, 3_100], ['refund', 500, 400],
    ]);
    expect((await findingsFor(live.orderId)).map((f) => f.kind === 'amountMismatch' && [f.provider, f.recorded])).toEqual([[3_099, 3_000]]);
    expect(added.mock.calls.filter(([name]) => name === 'PaymentAmountMismatch').every(([, , n]) => (n as number) >= 3)).toBe(true);
  } finally {
    added.mockRestore();
  }
});
