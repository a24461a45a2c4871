import '../helpers/env.ts';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { documents, events, lambdaContext, resetMocks, serviceUnavailable } from '../helpers/mocks.ts';
import { storedOrder } from '../helpers/fixtures.ts';
import { handler as restock } from '../../../tasks/warehouse/restock.ts';
import { handler as requestPacking } from '../../../tasks/warehouse/request-packing.ts';

const shipped = [{ productId: 'a', quantity: 3 }];
const reservation = (status = 'DISPATCHED') => ({ Item: { orderId: 'order-1', region: 'us-east-1', items: shipped, status } });

beforeEach(() => {
  resetMocks();
});

describe('Restock', () => {
  test('puts returned goods back on this region\'s available stock and records the return once', async () => {
    documents.on(GetCommand).resolves(reservation());
    documents.on(QueryCommand).resolves({ Items: [] });
    documents.on(TransactWriteCommand).resolves({});
    const result = await restock({ orderId: 'order-1', returnId: 'r-1', items: [{ productId: 'a', quantity: 2 }] }, lambdaContext);
    expect(result.items).toEqual([{ productId: 'a', quantity: 2 }]);
    const tx = documents.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(tx[0]!.Update).toMatchObject({ Key: { pk: 'PRODUCT#a', sk: 'REGION#us-east-1' }, ExpressionAttributeValues: { ':q': 2 } });
    expect(tx[1]!.Put).toMatchObject({ Item: { pk: 'ORDER#order-1', sk: 'RETURN#r-1' }, ConditionExpression: 'attribute_not_exists(pk)' });
  });

  test('without items, everything dispatched and not yet returned comes back (a failed delivery)', async () => {
    documents.on(GetCommand).resolves(reservation());
    documents.on(QueryCommand).resolves({ Items: [{ returnId: 'r-1', items: [{ productId: 'a', quantity: 1 }] }] });
    documents.on(TransactWriteCommand).resolves({});
    await expect(restock({ orderId: 'order-1', returnId: 'DELIVERY' }, lambdaContext)).resolves.toMatchObject({ items: [{ productId: 'a', quantity: 2 }] });
  });

  test('never more back than was shipped (ValidationError)', async () => {
    documents.on(GetCommand).resolves(reservation());
    documents.on(QueryCommand).resolves({ Items: [{ returnId: 'r-1', items: [{ productId: 'a', quantity: 2 }] }] });
    await expect(restock({ orderId: 'order-1', returnId: 'r-2', items: [{ productId: 'a', quantity: 2 }] }, lambdaContext))
      .rejects.toMatchObject({ name: 'ValidationError' });
    expect(documents).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  test('an order that dispatched nothing has nothing to restock (InvalidState)', async () => {
    documents.on(GetCommand).resolves(reservation('RELEASED'));
    await expect(restock({ orderId: 'order-1', returnId: 'r-1', items: shipped }, lambdaContext)).rejects.toMatchObject({ name: 'InvalidState' });
  });

  test('idempotent: a return already recorded is answered, not restocked again', async () => {
    documents.on(GetCommand).resolves(reservation());
    documents.on(QueryCommand).resolves({ Items: [{ returnId: 'r-1', items: [{ productId: 'a', quantity: 2 }], at: '2026-11-25T00:00:00.000Z' }] });
    await expect(restock({ orderId: 'order-1', returnId: 'r-1', items: [{ productId: 'a', quantity: 2 }] }, lambdaContext))
      .resolves.toMatchObject({ at: '2026-11-25T00:00:00.000Z' });
    expect(documents).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  test('a refund naming no goods restocks nothing', async () => {
    await expect(restock({ orderId: 'order-1', returnId: 'r-1', items: [] }, lambdaContext)).resolves.toMatchObject({ items: [] });
    expect(documents).not.toHaveReceivedAnyCommand();
  });

  test('transient: an outage is retryable', async () => {
    documents.on(GetCommand).rejects(serviceUnavailable());
    await expect(restock({ orderId: 'order-1', returnId: 'r-1' }, lambdaContext)).rejects.toMatchObject({ transient: true });
  });
});

describe('RequestPacking', () => {
  const input = { orderId: 'order-1', taskToken: 'token-1' };
  const placed = () => {
    documents.on(GetCommand, { TableName: 'bigsmokes-orders' }).resolves({ Item: storedOrder() });
    documents.on(GetCommand, { TableName: 'bigsmokes-inventory' }).resolves(reservation('RESERVED'));
    documents.on(PutCommand).resolves({});
    documents.on(UpdateCommand).resolves({ Attributes: storedOrder({ status: 'PACKING', history: [{ status: 'PACKING', at: 'x' }] }) });
  };

  test('stores the task token with the packing request and sets the order PACKING (history + event)', async () => {
    placed();
    await expect(requestPacking(input, lambdaContext)).resolves.toEqual({ orderId: 'order-1', status: 'PACKING' });
    expect(documents).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'bigsmokes-inventory', Item: expect.objectContaining({ pk: 'ORDER#order-1', sk: 'PACKING', taskToken: 'token-1', items: shipped }),
    });
    const update = documents.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(update.UpdateExpression).toContain('list_append(#history, :entry)');
    expect(update.ExpressionAttributeValues).toMatchObject({ ':to': 'PACKING', ':from0': 'PLACED' });
    expect(events).toHaveReceivedCommandWith(PutEventsCommand, {
      Entries: [expect.objectContaining({ Source: 'bigsmokes.orders', DetailType: 'OrderStatusChanged' })],
    });
  });

  test('a cancelled order is not sent to the warehouse (OrderCancelled)', async () => {
    documents.on(GetCommand, { TableName: 'bigsmokes-orders' }).resolves({ Item: storedOrder({ status: 'CANCELLED' }) });
    await expect(requestPacking(input, lambdaContext)).rejects.toMatchObject({ name: 'OrderCancelled' });
    expect(documents).not.toHaveReceivedCommand(PutCommand);
  });

  test('a redrive\'s new token replaces the old one; the same token is answered from the stored result', async () => {
    placed();
    await requestPacking(input, lambdaContext);
    await requestPacking(input, lambdaContext);
    expect(documents).toHaveReceivedCommandTimes(PutCommand, 1);
    await requestPacking({ ...input, taskToken: 'token-2' }, lambdaContext);
    expect(documents).toHaveReceivedCommandTimes(PutCommand, 2);
  });

  test('an event bus that refuses the event is the retryable EventBusUnavailable', async () => {
    placed();
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }] });
    await expect(requestPacking(input, lambdaContext)).rejects.toMatchObject({ name: 'EventBusUnavailable', transient: true });
  });
});
