import '../helpers/env.ts';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents, lambdaContext, resetMocks, transactionCancelled } from '../helpers/mocks.ts';
import { handler as voidPayment } from '../../../tasks/payment/void-payment.ts';
import { handler as refundPayment } from '../../../tasks/payment/refund-payment.ts';
import { setPaymentOutage } from '../../../tasks/payment/sandbox-payment-provider.ts';

const amount = { amount: 3_099, currency: 'USD' };
const payments = (orderId: string, operation: string) => ({ TableName: 'bigsmokes-payments', Key: { orderId, operation } });

beforeEach(() => {
  resetMocks();
  setPaymentOutage(false);
});

describe('VoidPayment', () => {
  const input = { orderId: 'order-v', executionId: 'e' };

  test('voids a live authorisation with the provider and records VOIDED conditionally', async () => {
    documents.on(GetCommand, payments('order-v', 'AUTHORISATION')).resolves({ Item: { authorisationId: 'auth_1', amount, status: 'AUTHORISED' } });
    documents.on(GetCommand, payments('order-v', 'CAPTURE')).resolves({});
    documents.on(UpdateCommand).resolves({});
    await expect(voidPayment(input, lambdaContext)).resolves.toEqual({ orderId: 'order-v', status: 'VOIDED', voided: true });
    expect(documents).toHaveReceivedCommandWith(UpdateCommand, { ConditionExpression: '#status = :authorised AND authorisationId = :id' });
  });

  test('idempotent: nothing authorised, or already voided, does nothing', async () => {
    documents.on(GetCommand).resolvesOnce({}).resolves({ Item: { authorisationId: 'auth_1', amount, status: 'VOIDED' } });
    await expect(voidPayment(input, lambdaContext)).resolves.toMatchObject({ status: 'NONE', voided: false });
    await expect(voidPayment({ ...input, executionId: 'e2' }, lambdaContext)).resolves.toMatchObject({ status: 'VOIDED', voided: false });
    expect(documents).not.toHaveReceivedCommand(UpdateCommand);
  });

  test('captured money is never voided (InvalidState: refund it instead)', async () => {
    documents.on(GetCommand, payments('order-v', 'AUTHORISATION')).resolves({ Item: { authorisationId: 'auth_1', amount, status: 'AUTHORISED' } });
    documents.on(GetCommand, payments('order-v', 'CAPTURE')).resolves({ Item: { captureId: 'cap_1' } });
    await expect(voidPayment(input, lambdaContext)).rejects.toMatchObject({ name: 'InvalidState' });
  });

  test('a provider outage is transient and leaves the authorisation as it was', async () => {
    documents.on(GetCommand, payments('order-v', 'AUTHORISATION')).resolves({ Item: { authorisationId: 'auth_1', amount, status: 'AUTHORISED' } });
    documents.on(GetCommand, payments('order-v', 'CAPTURE')).resolves({});
    setPaymentOutage(true);
    await expect(voidPayment(input, lambdaContext)).rejects.toMatchObject({ name: 'PaymentProviderUnavailable', transient: true });
    expect(documents).not.toHaveReceivedCommand(UpdateCommand);
  });
});

describe('RefundPayment', () => {
  const captured = (orderId: string, refundable = 3_099) => documents.on(GetCommand, payments(orderId, 'CAPTURE'))
    .resolves({ Item: { orderId, captureId: 'cap_1', amount, refundable } });

  test('holds the amount against refundable with a PENDING refund, asks the provider, then marks it REFUNDED', async () => {
    captured('order-r1');
    documents.on(GetCommand, payments('order-r1', 'REFUND#rf-1')).resolves({});
    documents.on(TransactWriteCommand).resolves({});
    documents.on(UpdateCommand).resolves({});
    const result = await refundPayment({ orderId: 'order-r1', refundId: 'rf-1', amount: { amount: 1_000, currency: 'USD' } }, lambdaContext);
    expect(result).toMatchObject({ refunded: true, amount: { amount: 1_000 }, providerRefundId: expect.stringMatching(/^re_/) });
    const tx = documents.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(tx[0]!.Update).toMatchObject({ ConditionExpression: 'refundable >= :a', ExpressionAttributeValues: { ':a': 1_000 } });
    expect(tx[1]!.Put).toMatchObject({ Item: { operation: 'REFUND#rf-1', status: 'PENDING' } });
    expect(documents).toHaveReceivedCommandWith(UpdateCommand, { ExpressionAttributeValues: expect.objectContaining({ ':refunded': 'REFUNDED' }) });
  });

  test('more than captured minus earlier refunds is a ValidationError', async () => {
    captured('order-r2', 500);
    documents.on(GetCommand, payments('order-r2', 'REFUND#rf-2')).resolves({});
    documents.on(TransactWriteCommand).rejects(transactionCancelled(['ConditionalCheckFailed', 'None']));
    await expect(refundPayment({ orderId: 'order-r2', refundId: 'rf-2', amount: { amount: 1_000, currency: 'USD' } }, lambdaContext))
      .rejects.toMatchObject({ name: 'ValidationError' });
  });

  test('without an amount (a saga\'s compensation) refunds everything refundable; nothing left: nothing done', async () => {
    captured('order-r3', 0);
    documents.on(GetCommand, payments('order-r3', 'REFUND#COMPENSATION')).resolves({});
    await expect(refundPayment({ orderId: 'order-r3', refundId: 'COMPENSATION' }, lambdaContext)).resolves.toMatchObject({ refunded: false, amount: { amount: 0 } });
    expect(documents).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  test('an uncaptured order cannot be refunded (InvalidState)', async () => {
    documents.on(GetCommand).resolves({});
    await expect(refundPayment({ orderId: 'order-r4', refundId: 'rf-4' }, lambdaContext)).rejects.toMatchObject({ name: 'InvalidState' });
  });

  test('a provider outage keeps the hold PENDING; the retry asks again and settles once', async () => {
    captured('order-r5');
    documents.on(GetCommand, payments('order-r5', 'REFUND#rf-5')).resolvesOnce({})
      .resolves({ Item: { orderId: 'order-r5', refundId: 'rf-5', amount: { amount: 700, currency: 'USD' }, status: 'PENDING' } });
    documents.on(TransactWriteCommand).resolves({});
    documents.on(UpdateCommand).resolves({});
    setPaymentOutage(true);
    const input = { orderId: 'order-r5', refundId: 'rf-5', amount: { amount: 700, currency: 'USD' } };
    await expect(refundPayment(input, lambdaContext)).rejects.toMatchObject({ name: 'PaymentProviderUnavailable', transient: true });
    setPaymentOutage(false);
    await expect(refundPayment(input, lambdaContext)).resolves.toMatchObject({ refunded: true, amount: { amount: 700 } });
    expect(documents).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  test('idempotent: a refund already made is returned as it is', async () => {
    captured('order-r6');
    documents.on(GetCommand, payments('order-r6', 'REFUND#rf-6'))
      .resolves({ Item: { refundId: 'rf-6', amount: { amount: 700, currency: 'USD' }, status: 'REFUNDED', providerRefundId: 're_1', refundedAt: 'then' } });
    await expect(refundPayment({ orderId: 'order-r6', refundId: 'rf-6' }, lambdaContext)).resolves.toMatchObject({ providerRefundId: 're_1' });
    expect(documents).not.toHaveReceivedCommand(TransactWriteCommand);
  });
});
