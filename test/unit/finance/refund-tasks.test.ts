import '../helpers/env.ts';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents, lambdaContext, resetMocks, serviceUnavailable, transactionCancelled } from '../helpers/mocks.ts';
import { cigar, storedOrder } from '../helpers/fixtures.ts';
import { approvalThreshold, handler as checkRefund } from '../../../tasks/finance/check-refund.ts';
import { handler as requestApproval } from '../../../tasks/finance/request-approval.ts';
import { handler as recordDecision } from '../../../tasks/finance/record-decision.ts';
import { handler as writeLedger } from '../../../tasks/finance/write-ledger.ts';
import { handler as finishRefund } from '../../../tasks/finance/finish-refund.ts';
import type { LedgerLine } from '../../../tasks/finance/ledger.ts';

const refunds = { TableName: 'bigsmokes-refunds' };
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
const refundRecord = (overrides = {}) => ({
  pk: 'REFUND#rf-1', sk: 'REFUND', id: 'rf-1', orderId: 'order-1', amount: { amount: 1_000, currency: 'USD' }, reason: 'damaged',
  status: 'REQUESTED', requestedBy: 'user-1', items: [], steps: [], createdAt: 't', updatedAt: 't', ...overrides,
});

beforeEach(() => {
  resetMocks();
});

describe('CheckRefund', () => {
  const input = (overrides = {}) => ({
    refundId: 'rf-1', orderId: 'order-1', amount: { amount: 1_000, currency: 'USD' }, reason: 'damaged', requestedBy: 'user-1',
    items: [{ productId: cigar.id, quantity: 1 }], ...overrides,
  });
  const shippedOrder = (refundable = 3_099, earlier: object[] = []) => {
    documents.on(PutCommand).resolves({});
    documents.on(GetCommand, { TableName: 'bigsmokes-orders' }).resolves({ Item: storedOrder({ status: 'DELIVERED' }) });
    documents.on(GetCommand, { TableName: 'bigsmokes-payments' }).resolves({ Item: { amount: { amount: 3_099, currency: 'USD' }, refundable } });
    documents.on(QueryCommand).resolves({ Items: earlier });
    documents.on(UpdateCommand).resolves({ Attributes: refundRecord({ status: 'APPROVED' }) });
  };

  test('below the threshold: recorded, APPROVED without finance, with a CheckRefund step', async () => {
    shippedOrder();
    const result = await checkRefund(input(), lambdaContext);
    expect(result).toMatchObject({ needsApproval: false, threshold: 50_000, items: [{ productId: cigar.id, quantity: 1 }] });
    expect(documents).toHaveReceivedCommandWith(PutCommand, { Item: expect.objectContaining({ status: 'REQUESTED', requestedBy: 'user-1' }) });
    const update = documents.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(update.ExpressionAttributeValues).toMatchObject({ ':to': 'APPROVED', ':from0': 'REQUESTED' });
  });

  test('at the threshold finance must approve (AWAITING_APPROVAL); the threshold is configuration only, never input', async () => {
    shippedOrder();
    process.env.REFUND_APPROVAL_THRESHOLD = '1000';
    try {
      const sneaky = { ...input(), approvalThreshold: 1_000_000 };
      await expect(checkRefund(sneaky, lambdaContext)).resolves.toMatchObject({ needsApproval: true, threshold: 1_000 });
    } finally {
      delete process.env.REFUND_APPROVAL_THRESHOLD;
    }
    expect(documents).toHaveReceivedCommandWith(UpdateCommand, { ExpressionAttributeValues: expect.objectContaining({ ':to': 'AWAITING_APPROVAL' }) });
    expect(approvalThreshold({ REFUND_APPROVAL_THRESHOLD: '25000' })).toBe(25_000);
    expect(approvalThreshold({})).toBe(50_000);
  });

  test.each([
    ['more than captured minus earlier refunds', () => { shippedOrder(999); return input(); }],
    ['more items back than bought', () => { shippedOrder(); return input({ items: [{ productId: cigar.id, quantity: 3 }] }); }],
    ['items already returned by an earlier refund', () => {
      shippedOrder(3_099, [{ id: 'rf-0', status: 'REFUNDED', items: [{ productId: cigar.id, quantity: 2 }] }]); return input();
    }],
    ['a zero amount', () => { shippedOrder(); return input({ amount: { amount: 0, currency: 'USD' } }); }],
  ])('ValidationError: %s', async (_, make) => {
    await expect(checkRefund(make(), lambdaContext)).rejects.toMatchObject({ name: 'ValidationError' });
  });

  test('an order not shipped yet is InvalidState', async () => {
    shippedOrder();
    documents.on(GetCommand, { TableName: 'bigsmokes-orders' }).resolves({ Item: storedOrder({ status: 'PACKING' }) });
    await expect(checkRefund(input(), lambdaContext)).rejects.toMatchObject({ name: 'InvalidState' });
  });

  test('the same refund id for another amount is an IdempotencyConflict; a replay is answered once', async () => {
    shippedOrder();
    documents.on(PutCommand).rejects(conditionFailed());
    documents.on(GetCommand, refunds).resolves({ Item: refundRecord({ amount: { amount: 2_000, currency: 'USD' } }) });
    await expect(checkRefund(input(), lambdaContext)).rejects.toMatchObject({ name: 'IdempotencyConflict' });
    documents.on(GetCommand, refunds).resolves({ Item: refundRecord() });
    await checkRefund(input(), lambdaContext);
    await checkRefund(input(), lambdaContext);
    expect(documents).toHaveReceivedCommandTimes(UpdateCommand, 1);
  });

  test('a storage outage is transient', async () => {
    documents.on(PutCommand).rejects(serviceUnavailable());
    await expect(checkRefund(input(), lambdaContext)).rejects.toMatchObject({ transient: true });
  });
});

describe('RequestApproval and RecordDecision', () => {
  test('stores the approval token while AWAITING_APPROVAL', async () => {
    documents.on(UpdateCommand).resolves({ Attributes: refundRecord({ status: 'AWAITING_APPROVAL' }) });
    await expect(requestApproval({ refundId: 'rf-1', taskToken: 'tt' }, lambdaContext)).resolves.toEqual({ refundId: 'rf-1', status: 'AWAITING_APPROVAL' });
    expect(documents).toHaveReceivedCommandWith(UpdateCommand, { ExpressionAttributeValues: expect.objectContaining({ ':set0': 'tt' }) });
  });

  test('a refund no longer waiting cannot take a token (InvalidState); outage transient', async () => {
    documents.on(UpdateCommand).rejects(conditionFailed());
    documents.on(GetCommand).resolves({ Item: refundRecord({ status: 'REFUNDED' }) });
    await expect(requestApproval({ refundId: 'rf-1', taskToken: 'a' }, lambdaContext)).rejects.toMatchObject({ name: 'InvalidState' });
    documents.on(UpdateCommand).rejects(serviceUnavailable());
    await expect(requestApproval({ refundId: 'rf-1', taskToken: 'b' }, lambdaContext)).rejects.toMatchObject({ transient: true });
  });

  test('records an approval or a rejection with the decider and note, and drops the token', async () => {
    documents.on(GetCommand).resolves({ Item: refundRecord({ status: 'AWAITING_APPROVAL' }) });
    documents.on(UpdateCommand).resolves({ Attributes: refundRecord({ status: 'REJECTED' }) });
    await expect(recordDecision({ refundId: 'rf-1', decision: { approved: false, decidedBy: 'fin-1', note: 'no receipt' } }, lambdaContext))
      .resolves.toEqual({ refundId: 'rf-1', approved: false });
    const update = documents.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(update.UpdateExpression).toContain('REMOVE');
    expect(update.ExpressionAttributeValues).toMatchObject({ ':to': 'REJECTED', ':set0': 'fin-1', ':set1': 'no receipt' });
  });

  test('the requester may not decide their own refund (ValidationError); idempotent replay', async () => {
    documents.on(GetCommand).resolves({ Item: refundRecord({ status: 'AWAITING_APPROVAL', requestedBy: 'fin-1' }) });
    await expect(recordDecision({ refundId: 'rf-1', decision: { approved: true, decidedBy: 'fin-1' } }, lambdaContext)).rejects.toMatchObject({ name: 'ValidationError' });
    documents.on(GetCommand).resolves({ Item: refundRecord({ status: 'AWAITING_APPROVAL' }) });
    documents.on(UpdateCommand).resolves({ Attributes: refundRecord({ status: 'APPROVED' }) });
    await recordDecision({ refundId: 'rf-1', decision: { approved: true, decidedBy: 'fin-2' } }, lambdaContext);
    await recordDecision({ refundId: 'rf-1', decision: { approved: true, decidedBy: 'fin-2' } }, lambdaContext);
    expect(documents).toHaveReceivedCommandTimes(UpdateCommand, 1);
  });
});

describe('WriteLedger', () => {
  test('books a capture as two balanced lines (debit cash, credit sales) plus the entry marker, in one transaction', async () => {
    documents.on(GetCommand, refunds).resolves({});
    documents.on(GetCommand, { TableName: 'bigsmokes-payments' }).resolves({ Item: { amount: { amount: 3_099, currency: 'USD' } } });
    documents.on(TransactWriteCommand).resolves({});
    await expect(writeLedger({ orderId: 'order-1', kind: 'CAPTURE' }, lambdaContext)).resolves.toMatchObject({ booked: true, amount: { amount: 3_099 } });
    const [marker, debit, credit] = documents.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.map((i) => i.Put!);
    expect(marker).toMatchObject({ Item: { pk: 'LEDGER-ENTRY#order-1', sk: 'CAPTURE' }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(debit!.Item as LedgerLine).toMatchObject({ account: 'cash', direction: 'DEBIT', amount: 3_099, pk: expect.stringMatching(/^LEDGER#\d{4}-\d{2}-\d{2}$/) });
    expect(credit!.Item as LedgerLine).toMatchObject({ account: 'sales', direction: 'CREDIT', amount: 3_099 });
  });

  test('a refund is booked from the provider\'s REFUNDED record and noted as a saga step', async () => {
    documents.on(GetCommand, { ...refunds, Key: { pk: 'LEDGER-ENTRY#order-1', sk: 'REFUND#rf-1' } }).resolves({});
    documents.on(GetCommand, { ...refunds, Key: { pk: 'REFUND#rf-1', sk: 'REFUND' } }).resolves({ Item: refundRecord({ status: 'APPROVED' }) });
    documents.on(GetCommand, { TableName: 'bigsmokes-payments' }).resolves({ Item: { amount: { amount: 1_000, currency: 'USD' }, status: 'REFUNDED' } });
    documents.on(TransactWriteCommand).resolves({});
    documents.on(UpdateCommand).resolves({ Attributes: refundRecord() });
    await writeLedger({ orderId: 'order-1', kind: 'REFUND', refundId: 'rf-1' }, lambdaContext);
    const lines = documents.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.slice(1).map((i) => i.Put!.Item as LedgerLine);
    expect(lines.map((l) => [l.account, l.direction, l.amount])).toEqual([['refunds', 'DEBIT', 1_000], ['cash', 'CREDIT', 1_000]]);
    expect(documents).toHaveReceivedCommandWith(UpdateCommand, { ExpressionAttributeValues: expect.objectContaining({ ':steps': [expect.objectContaining({ name: 'WriteLedger' })] }) });
  });

  test('idempotent: an entry already booked is never booked twice; a racing booking wins cleanly', async () => {
    documents.on(GetCommand, refunds).resolvesOnce({ Item: { entryId: 'E1', amount: { amount: 5, currency: 'USD' }, at: 't' } })
      .resolvesOnce({}).resolves({ Item: { entryId: 'E2', amount: { amount: 5, currency: 'USD' }, at: 't' } });
    documents.on(GetCommand, { TableName: 'bigsmokes-payments' }).resolves({ Item: { amount: { amount: 5, currency: 'USD' } } });
    documents.on(TransactWriteCommand).rejects(transactionCancelled(['ConditionalCheckFailed', 'None', 'None']));
    await expect(writeLedger({ orderId: 'o-a', kind: 'CAPTURE' }, lambdaContext)).resolves.toMatchObject({ entryId: 'E1' });
    await expect(writeLedger({ orderId: 'o-b', kind: 'CAPTURE' }, lambdaContext)).resolves.toMatchObject({ entryId: 'E2' });
  });

  test('no capture is InvalidState; a refund that moved no money books nothing; outage transient', async () => {
    documents.on(GetCommand).resolves({});
    await expect(writeLedger({ orderId: 'o-c', kind: 'CAPTURE' }, lambdaContext)).rejects.toMatchObject({ name: 'InvalidState' });
    await expect(writeLedger({ orderId: 'o-c', kind: 'REFUND', refundId: 'COMPENSATION' }, lambdaContext)).resolves.toMatchObject({ booked: false });
    documents.on(GetCommand).rejects(serviceUnavailable());
    await expect(writeLedger({ orderId: 'o-d', kind: 'CAPTURE' }, lambdaContext)).rejects.toMatchObject({ transient: true });
  });
});

describe('FinishRefund', () => {
  test('REFUNDED records the payment, restock and order steps with their times', async () => {
    documents.on(UpdateCommand).resolves({ Attributes: refundRecord({ status: 'REFUNDED' }) });
    await finishRefund({ refundId: 'rf-1', status: 'REFUNDED', payment: { at: 't1', providerRefundId: 're_1' }, restock: { at: 't2', items: [] }, order: { at: 't3', status: 'REFUNDED' } }, lambdaContext);
    const values = documents.commandCalls(UpdateCommand)[0]!.args[0].input.ExpressionAttributeValues!;
    expect((values[':steps'] as { name: string; at: string }[]).map((s) => [s.name, s.at])).toEqual([
      ['RefundPayment', 't1'], ['Restock', 't2'], ['UpdateOrder', 't3'], ['FinishRefund', expect.any(String)],
    ]);
    expect(values).toMatchObject({ ':to': 'REFUNDED', ':from0': 'APPROVED' });
  });

  test('FAILED keeps the error a finance agent can read; a finished refund cannot fail (InvalidState); outage transient', async () => {
    documents.on(UpdateCommand).resolvesOnce({ Attributes: refundRecord({ status: 'FAILED' }) }).rejects(conditionFailed());
    await finishRefund({ refundId: 'rf-1', status: 'FAILED', error: { Error: 'States.Timeout', Cause: 'approval timed out' } }, lambdaContext);
    expect(documents).toHaveReceivedCommandWith(UpdateCommand, { ExpressionAttributeValues: expect.objectContaining({ ':set0': { error: 'States.Timeout', cause: 'approval timed out' } }) });
    documents.on(GetCommand).resolves({ Item: refundRecord({ status: 'REFUNDED' }) });
    await expect(finishRefund({ refundId: 'rf-2', status: 'FAILED' }, lambdaContext)).rejects.toMatchObject({ name: 'InvalidState' });
    documents.on(UpdateCommand).rejects(serviceUnavailable());
    await expect(finishRefund({ refundId: 'rf-3', status: 'FAILED' }, lambdaContext)).rejects.toMatchObject({ transient: true });
  });
});
