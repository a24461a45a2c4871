import '../helpers/env.ts';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documents, lambdaContext, resetMocks } from '../helpers/mocks.ts';
import { storedOrder } from '../helpers/fixtures.ts';
import { handler as authorise } from '../../../tasks/payment/authorise-payment.ts';
import { handler as capture } from '../../../tasks/payment/capture-payment.ts';
import { setPaymentOutage } from '../../../tasks/payment/sandbox-payment-provider.ts';

const amount = { amount: 3_099, currency: 'USD' };
let seq = 0;
const fresh = () => `order-${++seq}`;

beforeEach(() => {
  resetMocks();
  setPaymentOutage(false);
});

describe('AuthorisePayment (sandbox provider, API.md §7)', () => {
  const input = (orderId: string, paymentToken = 'tok_visa') => ({ orderId, executionId: 'exec-1', amount, paymentToken });

  test('tok_visa is authorised and recorded as the order\'s AUTHORISATION', async () => {
    documents.on(GetCommand).resolves({});
    documents.on(PutCommand).resolves({});
    const result = await authorise(input(fresh()), lambdaContext);
    expect(result.authorisationId).toMatch(/^auth_/);
    expect(documents).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'bigsmokes-payments', Item: expect.objectContaining({ operation: 'AUTHORISATION', status: 'AUTHORISED', amount }),
    });
  });

  test.each(['tok_declined', 'tok_insufficient_funds', 'tok_unknown'])('%s is PaymentDeclined and nothing is recorded', async (token) => {
    documents.on(GetCommand).resolves({});
    await expect(authorise(input(fresh(), token), lambdaContext)).rejects.toMatchObject({ name: 'PaymentDeclined', transient: false });
    expect(documents).not.toHaveReceivedCommand(PutCommand);
  });

  test('tok_flaky fails twice with the transient PaymentProviderUnavailable, then succeeds with one authorisation', async () => {
    documents.on(GetCommand).resolves({});
    documents.on(PutCommand).resolves({});
    const orderId = fresh();
    await expect(authorise(input(orderId, 'tok_flaky'), lambdaContext)).rejects.toMatchObject({ name: 'PaymentProviderUnavailable', transient: true });
    await expect(authorise(input(orderId, 'tok_flaky'), lambdaContext)).rejects.toMatchObject({ name: 'PaymentProviderUnavailable' });
    await expect(authorise(input(orderId, 'tok_flaky'), lambdaContext)).resolves.toMatchObject({ orderId });
    expect(documents).toHaveReceivedCommandTimes(PutCommand, 1);
  });

  test('the outage switch fails every call transiently until it is turned off', async () => {
    documents.on(GetCommand).resolves({});
    documents.on(PutCommand).resolves({});
    const orderId = fresh();
    setPaymentOutage(true);
    await expect(authorise(input(orderId), lambdaContext)).rejects.toMatchObject({ name: 'PaymentProviderUnavailable' });
    setPaymentOutage(false);
    await expect(authorise(input(orderId), lambdaContext)).resolves.toMatchObject({ orderId });
  });

  test('idempotent: an order already authorised is not charged again', async () => {
    documents.on(GetCommand).resolves({ Item: { authorisationId: 'auth_1', amount, status: 'AUTHORISED' } });
    await expect(authorise(input(fresh()), lambdaContext)).resolves.toMatchObject({ authorisationId: 'auth_1' });
    expect(documents).not.toHaveReceivedCommand(PutCommand);
  });

  // DESIGN.md: the provider's idempotency keys are business keys, never execution ids, so two
  // executions checking out one order (one idempotency key placed twice at once) share one hold.
  test('two executions authorising one order get one hold from the provider', async () => {
    const orderId = fresh();
    documents.on(GetCommand).resolves({});
    const a = await authorise({ ...input(orderId), executionId: 'exec-a' }, lambdaContext);
    const b = await authorise({ ...input(orderId), executionId: 'exec-b' }, lambdaContext);
    expect(b.authorisationId).toBe(a.authorisationId);
  });

  test('a checkout retried after its authorisation was voided gets a new hold', async () => {
    const orderId = fresh();
    documents.on(GetCommand).resolves({});
    const first = await authorise({ ...input(orderId), executionId: 'exec-a' }, lambdaContext);
    documents.on(GetCommand).resolves({ Item: { orderId, authorisationId: first.authorisationId, amount, status: 'VOIDED', attempt: 0 } });
    const again = await authorise({ ...input(orderId), executionId: 'exec-b' }, lambdaContext);
    expect(again.authorisationId).not.toBe(first.authorisationId);
    expect(documents).toHaveReceivedCommandWith(PutCommand, { Item: expect.objectContaining({ attempt: 1, authorisationId: again.authorisationId }) });
  });

  test('a racing attempt that recorded first wins; ours is voided with the provider', async () => {
    const orderId = fresh();
    documents.on(GetCommand).resolvesOnce({}).resolves({ Item: { authorisationId: 'auth_winner', amount, status: 'AUTHORISED' } });
    documents.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'failed', $metadata: {} }));
    await expect(authorise(input(orderId), lambdaContext)).resolves.toMatchObject({ authorisationId: 'auth_winner' });
  });
});

describe('CapturePayment', () => {
  const authorised = (orderId: string, status = 'AUTHORISED') => ({ Item: { orderId, authorisationId: 'auth_x', amount, status } });

  test('captures the authorised amount once the order is packed; refundable starts at the amount', async () => {
    const orderId = fresh();
    documents.on(GetCommand, { TableName: 'bigsmokes-payments', Key: { orderId, operation: 'CAPTURE' } }).resolves({});
    documents.on(GetCommand, { TableName: 'bigsmokes-payments', Key: { orderId, operation: 'AUTHORISATION' } }).resolves(authorised(orderId));
    documents.on(GetCommand, { TableName: 'bigsmokes-orders' }).resolves({ Item: storedOrder({ id: orderId, status: 'PACKED' }) });
    documents.on(PutCommand).resolves({});
    const result = await capture({ orderId, executionId: 'e' }, lambdaContext);
    expect(result.amount).toEqual(amount);
    expect(documents).toHaveReceivedCommandWith(PutCommand, { Item: expect.objectContaining({ operation: 'CAPTURE', refundable: 3_099 }) });
  });

  test('a cancelled order is not captured (OrderCancelled)', async () => {
    const orderId = fresh();
    documents.on(GetCommand, { TableName: 'bigsmokes-payments' }).resolves({});
    documents.on(GetCommand, { TableName: 'bigsmokes-orders' }).resolves({ Item: storedOrder({ id: orderId, status: 'CANCELLED' }) });
    await expect(capture({ orderId, executionId: 'e' }, lambdaContext)).rejects.toMatchObject({ name: 'OrderCancelled' });
  });

  test('a voided authorisation cannot be captured (InvalidState)', async () => {
    const orderId = fresh();
    documents.on(GetCommand, { TableName: 'bigsmokes-payments', Key: { orderId, operation: 'CAPTURE' } }).resolves({});
    documents.on(GetCommand, { TableName: 'bigsmokes-payments', Key: { orderId, operation: 'AUTHORISATION' } }).resolves(authorised(orderId, 'VOIDED'));
    documents.on(GetCommand, { TableName: 'bigsmokes-orders' }).resolves({ Item: storedOrder({ id: orderId, status: 'PACKED' }) });
    await expect(capture({ orderId, executionId: 'e' }, lambdaContext)).rejects.toMatchObject({ name: 'InvalidState' });
  });

  test('a provider outage is transient and records nothing', async () => {
    const orderId = fresh();
    documents.on(GetCommand, { TableName: 'bigsmokes-payments', Key: { orderId, operation: 'CAPTURE' } }).resolves({});
    documents.on(GetCommand, { TableName: 'bigsmokes-payments', Key: { orderId, operation: 'AUTHORISATION' } }).resolves(authorised(orderId));
    documents.on(GetCommand, { TableName: 'bigsmokes-orders' }).resolves({ Item: storedOrder({ id: orderId, status: 'PACKED' }) });
    setPaymentOutage(true);
    await expect(capture({ orderId, executionId: 'e' }, lambdaContext)).rejects.toMatchObject({ name: 'PaymentProviderUnavailable', transient: true });
    expect(documents).not.toHaveReceivedCommand(PutCommand);
  });

  test('idempotent: a capture already made is returned, never taken twice', async () => {
    const orderId = fresh();
    documents.on(GetCommand).resolves({ Item: { captureId: 'cap_1', amount, capturedAt: 'then' } });
    await expect(capture({ orderId, executionId: 'e' }, lambdaContext)).resolves.toMatchObject({ captureId: 'cap_1' });
    expect(documents).not.toHaveReceivedCommand(PutCommand);
  });
});
