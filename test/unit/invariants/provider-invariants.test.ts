// The provider's side of the invariant checker (test/support/invariants.ts with `provider`): it
// reads the payment provider through Stripe's API (every PaymentIntent and Refund, as an auditor
// lists them: https://docs.stripe.com/api/payment_intents/list, https://docs.stripe.com/api/refunds/list)
// and compares, per order, what is held, captured and refunded there with the Payments table and
// the ledger. Each test makes one kind of damage AT THE PROVIDER (what a task that charges twice or
// skips a void would leave) on a saga finished cleanly, and the checker names it.
import '../helpers/env.ts';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { useCatalogueDb } from '../helpers/catalogue-db.ts';
import { checkInvariants } from '../../support/invariants.ts';
import { checkoutInput } from '../helpers/fixtures.ts';
import { runWorkflow } from '../helpers/oracle.ts';
import { tables } from '../../../infra/tables.ts';

const db = useCatalogueDb(100);
let seq = 0;
const human = { RequestPacking: () => ({ packages: 1 }), AwaitDelivery: () => ({ status: 'DELIVERED' }) };

async function placed(): Promise<string> {
  const run = await runWorkflow('checkout', { input: checkoutInput({ idempotencyKey: `pi-${++seq}` }) });
  return (run.output as { orderId: string }).orderId;
}
async function delivered(): Promise<string> {
  const orderId = await placed();
  await runWorkflow('fulfilment', { input: { orderId }, human });
  return orderId;
}
const rulesFor = async (orderId: string) => (await checkInvariants(db.doc, db.invariants)).filter((v) => v.subject === orderId).map((v) => v.rule).sort();
const intentOf = async (orderId: string) => (await db.payments.atProvider(orderId)).intents[0]!;

test('a clean saga: the provider agrees with the tables and the ledger', async () => {
  const orderId = await delivered();
  expect(await rulesFor(orderId)).toEqual([]);
  expect(await intentOf(orderId)).toMatchObject({ status: 'succeeded', amount_received: expect.any(Number) });
});

test('a second hold for an order (an authorisation made twice)', async () => {
  const orderId = await placed();
  await db.payments.stripe.paymentIntents.create({ amount: 100, currency: 'usd', capture_method: 'manual', confirm: true, payment_method: 'pm_card_visa', automatic_payment_methods: { enabled: true, allow_redirects: 'never' }, metadata: { orderId } });
  expect(await rulesFor(orderId)).toEqual(['provider.held', 'provider.oneHold']);
});

test('a hold the table says was voided (a void skipped)', async () => {
  const orderId = await placed();
  const { Item } = await db.doc.send(new GetCommand({ TableName: tables.Payments.tableName, Key: { orderId, operation: 'AUTHORISATION' } }));
  await db.doc.send(new PutCommand({ TableName: tables.Payments.tableName, Item: { ...Item, status: 'VOIDED' } }));
  expect(await rulesFor(orderId)).toEqual(['order.status.payment', 'provider.held']);
});

test('a capture made twice (a second PaymentIntent captured for the order)', async () => {
  const orderId = await delivered();
  await db.payments.stripe.paymentIntents.create({ amount: 100, currency: 'usd', confirm: true, payment_method: 'pm_card_visa', automatic_payment_methods: { enabled: true, allow_redirects: 'never' }, metadata: { orderId } });
  expect(await rulesFor(orderId)).toEqual(['provider.captured', 'provider.oneCapture']);
});

test('a refund made twice at the provider, the second one never recorded', async () => {
  const orderId = await delivered();
  await db.payments.stripe.refunds.create({ payment_intent: (await intentOf(orderId)).id, amount: 50 });
  expect(await rulesFor(orderId)).toEqual(['provider.refunded', 'provider.refundsOnce']);
});

test('money held at the provider for an order the tables do not know', async () => {
  const orderId = `nobody-${Date.now()}`;
  await db.payments.stripe.paymentIntents.create({ amount: 100, currency: 'usd', capture_method: 'manual', confirm: true, payment_method: 'pm_card_visa', automatic_payment_methods: { enabled: true, allow_redirects: 'never' }, metadata: { orderId } });
  expect(await rulesFor(orderId)).toEqual(['provider.noRecord']);
});
