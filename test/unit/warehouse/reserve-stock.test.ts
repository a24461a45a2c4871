import '../helpers/env.ts';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documents, lambdaContext, resetMocks, transactionCancelled } from '../helpers/mocks.ts';
import { handler } from '../../../tasks/warehouse/reserve-stock.ts';

const input = { orderId: 'order-1', executionId: 'exec-1', items: [{ productId: 'a', quantity: 2 }, { productId: 'b', quantity: 1 }] };
const noReservation = () => documents.on(GetCommand).resolves({});

beforeEach(() => {
  resetMocks();
});

describe('ReserveStock', () => {
  test('reserves every item and the reservation in one transaction on this region\'s rows', async () => {
    noReservation();
    documents.on(TransactWriteCommand).resolves({});
    await expect(handler(input, lambdaContext)).resolves.toEqual({ orderId: 'order-1', region: 'us-east-1', items: input.items, status: 'RESERVED' });
    const [call] = documents.commandCalls(TransactWriteCommand);
    const items = call!.args[0].input.TransactItems!;
    expect(items).toHaveLength(3);
    expect(items[0]!.Update).toMatchObject({
      Key: { pk: 'PRODUCT#a', sk: 'REGION#us-east-1' }, ConditionExpression: 'available >= :q AND (attribute_not_exists(ownerRegion) OR ownerRegion = :region)', ExpressionAttributeValues: { ':q': 2, ':region': 'us-east-1' },
    });
    expect(items[2]!.Put).toMatchObject({ Item: { pk: 'ORDER#order-1', sk: 'RESERVATION', status: 'RESERVED', items: input.items } });
  });

  test('OutOfStock names the short products and reserves nothing', async () => {
    noReservation();
    documents.on(TransactWriteCommand).rejects(transactionCancelled(['None', 'ConditionalCheckFailed', 'None']));
    await expect(handler(input, lambdaContext)).rejects.toMatchObject({ name: 'OutOfStock', message: expect.stringContaining('b') });
  });

  // Issue 14: a concurrent checkout of the same order reserved first, and its units are what make
  // our stock condition fail too: that is the order's reservation, not OutOfStock (whose
  // compensation would release the winner's units).
  test('stock short because a concurrent attempt of this order reserved it: answers with that reservation', async () => {
    documents.on(GetCommand).resolvesOnce({}).resolves({ Item: { pk: 'ORDER#order-1', sk: 'RESERVATION', region: 'us-east-1', items: input.items, status: 'RESERVED' } });
    documents.on(TransactWriteCommand).rejects(transactionCancelled(['ConditionalCheckFailed', 'None', 'ConditionalCheckFailed']));
    await expect(handler(input, lambdaContext)).resolves.toEqual({ orderId: 'order-1', region: 'us-east-1', items: input.items, status: 'RESERVED' });
  });

  test('a transaction that keeps conflicting becomes the transient StorageContention', async () => {
    noReservation();
    documents.on(TransactWriteCommand).rejects(transactionCancelled(['TransactionConflict', 'None', 'None']));
    await expect(handler(input, lambdaContext)).rejects.toMatchObject({ name: 'StorageContention', transient: true });
    expect(documents).toHaveReceivedCommandTimes(TransactWriteCommand, 4);
  });

  test('a conflict that clears on retry still reserves', async () => {
    noReservation();
    documents.on(TransactWriteCommand).rejectsOnce(transactionCancelled(['TransactionConflict', 'None', 'None'])).resolves({});
    await expect(handler(input, lambdaContext)).resolves.toMatchObject({ status: 'RESERVED' });
  });

  test('idempotent replay: an order that already holds its reservation reserves nothing more', async () => {
    documents.on(GetCommand).resolves({ Item: { orderId: 'order-1', region: 'us-east-1', items: input.items, status: 'RESERVED' } });
    await expect(handler({ ...input, executionId: 'exec-2' }, lambdaContext)).resolves.toMatchObject({ status: 'RESERVED' });
    expect(documents).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  test('idempotent replay within an execution answers from the stored result', async () => {
    noReservation();
    documents.on(TransactWriteCommand).resolves({});
    const first = await handler(input, lambdaContext);
    const second = await handler(input, lambdaContext);
    expect(second).toEqual(first);
    expect(documents).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  test('a released reservation (a retried checkout) is reserved again, conditionally', async () => {
    documents.on(GetCommand).resolves({ Item: { orderId: 'order-1', region: 'us-east-1', items: input.items, status: 'RELEASED' } });
    documents.on(TransactWriteCommand).resolves({});
    await expect(handler(input, lambdaContext)).resolves.toMatchObject({ status: 'RESERVED' });
    const put = documents.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![2]!.Put!;
    expect(put.ConditionExpression).toBe('attribute_not_exists(pk) OR #status = :released');
  });

  test('bad input is a ValidationError', async () => {
    await expect(handler({ ...input, items: [{ productId: 'a', quantity: 0 }] }, lambdaContext)).rejects.toMatchObject({ name: 'ValidationError' });
  });
});
