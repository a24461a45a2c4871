// AuthorisePayment and CapturePayment on the local DynamoDB with the real Stripe adapter against
// the local Stripe (its key from the local Secrets Manager). Each outcome is checked in the
// Payments table and at the provider, through its API. The provider's behaviours these rely on:
// manual capture holds (https://docs.stripe.com/payments/place-a-hold-on-a-payment-method), partial
// capture releases the rest (https://docs.stripe.com/api/payment_intents/capture), one result per
// Idempotency-Key (https://docs.stripe.com/api/idempotent_requests), declines are card_error
// (https://docs.stripe.com/declines).
import '../helpers/env.ts';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { useCatalogueDb } from '../helpers/catalogue-db.ts';
import { lambdaContext } from '../helpers/context.ts';
import { storedOrder } from '../helpers/fixtures.ts';
import { tables } from '../../../infra/tables.ts';
import { handler as authorise } from '../../../tasks/payment/authorise-payment.ts';
import { handler as capture } from '../../../tasks/payment/capture-payment.ts';
import type { AuthorisationRecord, CaptureRecord } from '../../../tasks/payment/payments.ts';

const db = useCatalogueDb(10);
const { payments } = db;
const amount = { amount: 3_099, currency: 'USD' };
let seq = 0;
const fresh = () => `order-ac-${++seq}`;
const input = (orderId: string, paymentToken = 'tok_visa', executionId = 'exec-1') => ({ orderId, executionId, amount, paymentToken });
const row = async <T>(orderId: string, operation: string) =>
  (await db.doc.send(new GetCommand({ TableName: tables.Payments.tableName, Key: { orderId, operation }, ConsistentRead: true }))).Item as T | undefined;
const held = async (orderId: string) => (await payments.atProvider(orderId)).intents.filter((pi) => pi.status === 'requires_capture');

afterEach(() => payments.server.setOutage(false));

describe('AuthorisePayment', () => {
  test('tok_visa: one hold at the provider for the total, recorded AUTHORISED with its id and reference', async () => {
    const orderId = fresh();
    const result = await authorise(input(orderId), lambdaContext);
    expect(await held(orderId)).toMatchObject([{ id: result.authorisationId, amount: 3_099, metadata: { orderId } }]);
    const record = await row<AuthorisationRecord>(orderId, 'AUTHORISATION');
    expect(record).toMatchObject({ status: 'AUTHORISED', authorisationId: result.authorisationId, attempt: 0, reference: `authorise:${orderId}:0`, amount });
    expect(record!.paymentToken).toBeUndefined();
  });

  test.each(['tok_declined', 'tok_insufficient_funds'])('%s: PaymentDeclined, recorded DECLINED, nothing held', async (token) => {
    const orderId = fresh();
    await expect(authorise(input(orderId, token), lambdaContext)).rejects.toMatchObject({ name: 'PaymentDeclined', transient: false });
    expect((await row<AuthorisationRecord>(orderId, 'AUTHORISATION'))!.status).toBe('DECLINED');
    expect(await held(orderId)).toEqual([]);
  });

  test('an outage: transient, the attempt stays PENDING; once it is over the retry resumes it: one hold', async () => {
    const orderId = fresh();
    payments.server.setOutage(true);
    await expect(authorise(input(orderId, 'tok_visa', 'exec-o1'), lambdaContext)).rejects.toMatchObject({ name: 'PaymentProviderUnavailable', transient: true });
    expect(await row<AuthorisationRecord>(orderId, 'AUTHORISATION')).toMatchObject({ status: 'PENDING', reference: `authorise:${orderId}:0` });
    payments.server.setOutage(false);
    await authorise(input(orderId, 'tok_visa', 'exec-o2'), lambdaContext);
    expect(await held(orderId)).toHaveLength(1);
  });

  test('a crash after the provider answered (PENDING left behind): the retry gets the same hold, not a second one', async () => {
    const orderId = fresh();
    const first = await authorise(input(orderId, 'tok_visa', 'exec-c1'), lambdaContext);
    // As the table was before the answer was written: the attempt PENDING with its token.
    const pending = { orderId, operation: 'AUTHORISATION', status: 'PENDING', amount, attempt: 0, reference: `authorise:${orderId}:0`, paymentToken: 'tok_visa', requestedAt: 't' };
    await db.doc.send(new PutCommand({ TableName: tables.Payments.tableName, Item: pending }));
    const retried = await authorise(input(orderId, 'tok_visa', 'exec-c2'), lambdaContext);
    expect(retried.authorisationId).toBe(first.authorisationId);
    expect(await held(orderId)).toHaveLength(1);
  });

  // DESIGN.md: the provider's idempotency keys are business keys, never execution ids, so two
  // executions checking out one order (one idempotency key placed twice at once) share one hold.
  test('two executions authorising one order at once get one hold from the provider', async () => {
    const orderId = fresh();
    // The loser of the race may meet Stripe's 409 idempotency_key_in_use (transient): its workflow
    // retries it, as here, and the retry is answered with the same hold.
    const withRetries = async (execution: string) => {
      for (let attempt = 0; ; attempt += 1) {
        try {
          return await authorise(input(orderId, 'tok_visa', `${execution}-${attempt}`), lambdaContext);
        } catch (error) {
          if ((error as Error).name !== 'PaymentProviderUnavailable' || attempt === 5) throw error;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    };
    const [a, b] = await Promise.all([withRetries('exec-a'), withRetries('exec-b')]);
    expect(b.authorisationId).toBe(a.authorisationId);
    expect(await held(orderId)).toHaveLength(1);
  });

  test('a checkout retried after its authorisation was voided gets a new hold (the next attempt)', async () => {
    const orderId = fresh();
    const first = await authorise(input(orderId, 'tok_visa', 'exec-v1'), lambdaContext);
    await payments.stripe.paymentIntents.cancel(first.authorisationId);
    const record = (await row<AuthorisationRecord>(orderId, 'AUTHORISATION'))!;
    await db.doc.send(new PutCommand({ TableName: tables.Payments.tableName, Item: { ...record, status: 'VOIDED' } }));
    const again = await authorise(input(orderId, 'tok_visa', 'exec-v2'), lambdaContext);
    expect(again.authorisationId).not.toBe(first.authorisationId);
    expect(await row<AuthorisationRecord>(orderId, 'AUTHORISATION')).toMatchObject({ attempt: 1, reference: `authorise:${orderId}:1`, authorisationId: again.authorisationId });
    expect(await held(orderId)).toMatchObject([{ id: again.authorisationId }]);
  });

  test('idempotent: an order already authorised is not held again', async () => {
    const orderId = fresh();
    const first = await authorise(input(orderId, 'tok_visa', 'exec-i1'), lambdaContext);
    await expect(authorise(input(orderId, 'tok_visa', 'exec-i2'), lambdaContext)).resolves.toMatchObject({ authorisationId: first.authorisationId });
    expect((await payments.atProvider(orderId)).intents).toHaveLength(1);
  });
});

describe('CapturePayment', () => {
  async function packedOrder(total = amount): Promise<{ orderId: string; authorisationId: string }> {
    const orderId = fresh();
    const { authorisationId } = await authorise(input(orderId, 'tok_visa', `exec-${orderId}`), lambdaContext);
    await db.doc.send(new PutCommand({ TableName: tables.Orders.tableName, Item: storedOrder({ id: orderId, status: 'PACKED', total, authorisationId }) }));
    return { orderId, authorisationId };
  }

  test('captures the order total once packed: CAPTURED in the table with refundable = amount; captured at the provider', async () => {
    const { orderId, authorisationId } = await packedOrder();
    const result = await capture({ orderId, executionId: 'e' }, lambdaContext);
    expect(result).toMatchObject({ captureId: authorisationId, amount });
    expect(await row<CaptureRecord>(orderId, 'CAPTURE')).toMatchObject({ status: 'CAPTURED', captureId: authorisationId, refundable: 3_099 });
    expect(await payments.stripe.paymentIntents.retrieve(authorisationId)).toMatchObject({ status: 'succeeded', amount_received: 3_099 });
  });

  test('an order that shrank is captured partially; the provider releases the rest', async () => {
    const { orderId, authorisationId } = await packedOrder({ amount: 2_000, currency: 'USD' });
    await expect(capture({ orderId, executionId: 'e' }, lambdaContext)).resolves.toMatchObject({ amount: { amount: 2_000 } });
    expect(await payments.stripe.paymentIntents.retrieve(authorisationId)).toMatchObject({ status: 'succeeded', amount_received: 2_000, amount_capturable: 0 });
  });

  test('a cancelled order is not captured (OrderCancelled), nothing recorded', async () => {
    const { orderId } = await packedOrder();
    await db.doc.send(new PutCommand({ TableName: tables.Orders.tableName, Item: storedOrder({ id: orderId, status: 'CANCELLED' }) }));
    await expect(capture({ orderId, executionId: 'e' }, lambdaContext)).rejects.toMatchObject({ name: 'OrderCancelled' });
    expect(await row(orderId, 'CAPTURE')).toBeUndefined();
  });

  test('a voided authorisation cannot be captured (InvalidState)', async () => {
    const { orderId } = await packedOrder();
    const record = (await row<AuthorisationRecord>(orderId, 'AUTHORISATION'))!;
    await db.doc.send(new PutCommand({ TableName: tables.Payments.tableName, Item: { ...record, status: 'VOIDED' } }));
    await expect(capture({ orderId, executionId: 'e' }, lambdaContext)).rejects.toMatchObject({ name: 'InvalidState' });
  });

  test('an outage: transient, the capture stays PENDING with nothing refundable; the retry captures once', async () => {
    const { orderId, authorisationId } = await packedOrder();
    payments.server.setOutage(true);
    await expect(capture({ orderId, executionId: 'e1' }, lambdaContext)).rejects.toMatchObject({ name: 'PaymentProviderUnavailable', transient: true });
    expect(await row<CaptureRecord>(orderId, 'CAPTURE')).toMatchObject({ status: 'PENDING', refundable: 0 });
    payments.server.setOutage(false);
    await capture({ orderId, executionId: 'e2' }, lambdaContext);
    expect(await payments.stripe.paymentIntents.retrieve(authorisationId)).toMatchObject({ amount_received: 3_099 });
  });

  test('a crash after the provider captured (PENDING left behind): the retry records the same capture, the provider captured once', async () => {
    const { orderId, authorisationId } = await packedOrder();
    await capture({ orderId, executionId: 'e1' }, lambdaContext);
    await db.doc.send(new PutCommand({ TableName: tables.Payments.tableName, Item: { orderId, operation: 'CAPTURE', status: 'PENDING', amount, refundable: 0, requestedAt: 't' } }));
    await expect(capture({ orderId, executionId: 'e2' }, lambdaContext)).resolves.toMatchObject({ captureId: authorisationId });
    expect(await row<CaptureRecord>(orderId, 'CAPTURE')).toMatchObject({ status: 'CAPTURED', refundable: 3_099 });
    expect((await payments.atProvider(orderId)).intents).toMatchObject([{ amount_received: 3_099 }]);
  });

  test('idempotent: a capture already made is returned, never taken twice', async () => {
    const { orderId } = await packedOrder();
    const first = await capture({ orderId, executionId: 'e1' }, lambdaContext);
    await expect(capture({ orderId, executionId: 'e2' }, lambdaContext)).resolves.toMatchObject({ captureId: first.captureId, at: first.at });
  });
});
