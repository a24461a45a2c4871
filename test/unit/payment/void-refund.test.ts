// VoidPayment and RefundPayment on the local DynamoDB with the real Stripe adapter against the
// local Stripe, each outcome checked in the Payments table and at the provider. Stripe behaviours:
// cancel releases a hold (https://docs.stripe.com/api/payment_intents/cancel); refunds are partial,
// at most what is left (https://docs.stripe.com/api/refunds/create); one result per Idempotency-Key
// (https://docs.stripe.com/api/idempotent_requests).
import '../helpers/env.ts';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { useCatalogueDb } from '../helpers/catalogue-db.ts';
import { lambdaContext } from '../helpers/context.ts';
import { storedOrder } from '../helpers/fixtures.ts';
import { tables } from '../../../infra/tables.ts';
import { handler as authorise } from '../../../tasks/payment/authorise-payment.ts';
import { handler as capture } from '../../../tasks/payment/capture-payment.ts';
import { handler as voidPayment } from '../../../tasks/payment/void-payment.ts';
import { handler as refundPayment } from '../../../tasks/payment/refund-payment.ts';
import type { AuthorisationRecord, CaptureRecord, RefundPaymentRecord } from '../../../tasks/payment/payments.ts';

const db = useCatalogueDb(10);
const { payments } = db;
const amount = { amount: 3_099, currency: 'USD' };
let seq = 0;
const fresh = () => `order-vr-${++seq}`;
const row = async <T>(orderId: string, operation: string) =>
  (await db.doc.send(new GetCommand({ TableName: tables.Payments.tableName, Key: { orderId, operation }, ConsistentRead: true }))).Item as T | undefined;
const put = (item: Record<string, unknown>) => db.doc.send(new PutCommand({ TableName: tables.Payments.tableName, Item: item }));

afterEach(() => payments.server.setOutage(false));

async function authorised(): Promise<{ orderId: string; authorisationId: string }> {
  const orderId = fresh();
  const { authorisationId } = await authorise({ orderId, executionId: `x-${orderId}`, amount, paymentToken: 'tok_visa' }, lambdaContext);
  return { orderId, authorisationId };
}

async function captured(): Promise<{ orderId: string; authorisationId: string }> {
  const made = await authorised();
  await db.doc.send(new PutCommand({ TableName: tables.Orders.tableName, Item: storedOrder({ id: made.orderId, status: 'PACKED', authorisationId: made.authorisationId }) }));
  await capture({ orderId: made.orderId, executionId: `x-${made.orderId}` }, lambdaContext);
  return made;
}

describe('VoidPayment', () => {
  test('releases a live hold at the provider and records VOIDED', async () => {
    const { orderId, authorisationId } = await authorised();
    await expect(voidPayment({ orderId, executionId: 'e' }, lambdaContext)).resolves.toEqual({ orderId, status: 'VOIDED', voided: true });
    expect((await row<AuthorisationRecord>(orderId, 'AUTHORISATION'))!.status).toBe('VOIDED');
    expect(await payments.stripe.paymentIntents.retrieve(authorisationId)).toMatchObject({ status: 'canceled', amount_capturable: 0 });
  });

  test('a PENDING authorisation (its checkout crashed after the provider held it): the hold is found by its reference and released', async () => {
    const orderId = fresh();
    const { authorisationId } = await authorise({ orderId, executionId: 'e0', amount, paymentToken: 'tok_visa' }, lambdaContext);
    await put({ orderId, operation: 'AUTHORISATION', status: 'PENDING', amount, attempt: 0, reference: `authorise:${orderId}:0`, paymentToken: 'tok_visa', requestedAt: 't' });
    await expect(voidPayment({ orderId, executionId: 'e' }, lambdaContext)).resolves.toMatchObject({ status: 'VOIDED', voided: true });
    expect((await payments.atProvider(orderId)).intents.map((pi) => [pi.id, pi.status])).toEqual([[authorisationId, 'canceled']]);
  });

  test('a PENDING authorisation the provider never saw: nothing held afterwards, recorded VOIDED', async () => {
    const orderId = fresh();
    await put({ orderId, operation: 'AUTHORISATION', status: 'PENDING', amount, attempt: 0, reference: `authorise:${orderId}:0`, paymentToken: 'tok_visa', requestedAt: 't' });
    await voidPayment({ orderId, executionId: 'e' }, lambdaContext);
    expect((await row<AuthorisationRecord>(orderId, 'AUTHORISATION'))!.status).toBe('VOIDED');
    expect((await payments.atProvider(orderId)).intents.filter((pi) => pi.status === 'requires_capture')).toEqual([]);
  });

  test('idempotent: nothing authorised, declined or already voided does nothing', async () => {
    await expect(voidPayment({ orderId: fresh(), executionId: 'e' }, lambdaContext)).resolves.toMatchObject({ status: 'NONE', voided: false });
    const { orderId } = await authorised();
    await voidPayment({ orderId, executionId: 'e1' }, lambdaContext);
    await expect(voidPayment({ orderId, executionId: 'e2' }, lambdaContext)).resolves.toMatchObject({ status: 'VOIDED', voided: false });
  });

  test('captured money is never voided (InvalidState: refund it instead)', async () => {
    const { orderId } = await captured();
    await expect(voidPayment({ orderId, executionId: 'e' }, lambdaContext)).rejects.toMatchObject({ name: 'InvalidState' });
  });

  test('a provider outage is transient and leaves the authorisation and the hold as they were', async () => {
    const { orderId, authorisationId } = await authorised();
    payments.server.setOutage(true);
    await expect(voidPayment({ orderId, executionId: 'e' }, lambdaContext)).rejects.toMatchObject({ name: 'PaymentProviderUnavailable', transient: true });
    payments.server.setOutage(false);
    expect((await row<AuthorisationRecord>(orderId, 'AUTHORISATION'))!.status).toBe('AUTHORISED');
    expect((await payments.stripe.paymentIntents.retrieve(authorisationId)).status).toBe('requires_capture');
  });
});

describe('RefundPayment', () => {
  const refund = (orderId: string, refundId: string, value?: number) =>
    refundPayment({ orderId, refundId, ...(value !== undefined && { amount: { amount: value, currency: 'USD' } }) }, lambdaContext);

  test('holds the amount against refundable (PENDING), refunds at the provider, then REFUNDED', async () => {
    const { orderId } = await captured();
    const result = await refund(orderId, 'rf-1', 1_000);
    expect(result).toMatchObject({ refunded: true, amount: { amount: 1_000 }, providerRefundId: expect.stringMatching(/^re_/) });
    expect(await row<RefundPaymentRecord>(orderId, 'REFUND#rf-1')).toMatchObject({ status: 'REFUNDED', providerRefundId: result.providerRefundId });
    expect((await row<CaptureRecord>(orderId, 'CAPTURE'))!.refundable).toBe(2_099);
    expect((await payments.atProvider(orderId)).refunds.map((r) => r.amount)).toEqual([1_000]);
  });

  test('more than captured minus earlier refunds is a ValidationError; nothing refunded', async () => {
    const { orderId } = await captured();
    await refund(orderId, 'rf-a', 3_000);
    await expect(refund(orderId, 'rf-b', 100)).rejects.toMatchObject({ name: 'ValidationError' });
    expect((await payments.atProvider(orderId)).refunds.map((r) => r.amount)).toEqual([3_000]);
  });

  test('without an amount (a saga\'s compensation) refunds everything refundable; nothing left: nothing done', async () => {
    const { orderId } = await captured();
    await expect(refund(orderId, 'COMPENSATION')).resolves.toMatchObject({ refunded: true, amount: { amount: 3_099 } });
    await expect(refund(orderId, 'COMPENSATION-2')).resolves.toMatchObject({ refunded: false, amount: { amount: 0 } });
    expect((await payments.atProvider(orderId)).refunds.map((r) => r.amount)).toEqual([3_099]);
  });

  test('an uncaptured order cannot be refunded (InvalidState)', async () => {
    const { orderId } = await authorised();
    await expect(refund(orderId, 'rf-4')).rejects.toMatchObject({ name: 'InvalidState' });
  });

  test('a provider outage keeps the hold PENDING; the retry asks again and the provider refunds once', async () => {
    const { orderId } = await captured();
    payments.server.setOutage(true);
    await expect(refund(orderId, 'rf-5', 700)).rejects.toMatchObject({ name: 'PaymentProviderUnavailable', transient: true });
    expect((await row<RefundPaymentRecord>(orderId, 'REFUND#rf-5'))!.status).toBe('PENDING');
    payments.server.setOutage(false);
    await expect(refund(orderId, 'rf-5', 700)).resolves.toMatchObject({ refunded: true });
    expect((await payments.atProvider(orderId)).refunds.map((r) => r.amount)).toEqual([700]);
  });

  test('the provider refusing more than is left there: PaymentDeclined, FAILED, the hold on refundable returned', async () => {
    const { orderId, authorisationId } = await captured();
    await payments.stripe.refunds.create({ payment_intent: authorisationId, amount: 3_000 }); // refunded behind our back
    await expect(refund(orderId, 'rf-7', 500)).rejects.toMatchObject({ name: 'PaymentDeclined' });
    expect((await row<RefundPaymentRecord>(orderId, 'REFUND#rf-7'))!.status).toBe('FAILED');
    expect((await row<CaptureRecord>(orderId, 'CAPTURE'))!.refundable).toBe(3_099);
  });

  test('idempotent: a refund already made is returned as it is', async () => {
    const { orderId } = await captured();
    const first = await refund(orderId, 'rf-6', 700);
    await expect(refundPayment({ orderId, refundId: 'rf-6' }, { ...lambdaContext, awsRequestId: 'other' })).resolves.toMatchObject({ providerRefundId: first.providerRefundId });
    expect((await payments.atProvider(orderId)).refunds).toHaveLength(1);
  });
});
