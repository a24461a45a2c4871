import '../helpers/env.ts';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documents, lambdaContext, resetMocks, serviceUnavailable, transactionCancelled } from '../helpers/mocks.ts';
import { storedOrder } from '../helpers/fixtures.ts';
import { handler as release } from '../../../tasks/warehouse/release-stock.ts';
import { handler as dispatch } from '../../../tasks/warehouse/dispatch-stock.ts';

const items = [{ productId: 'a', quantity: 2 }];
const reservation = (status: string) => ({ Item: { pk: 'ORDER#order-1', sk: 'RESERVATION', orderId: 'order-1', region: 'us-east-1', items, status } });
const input = { orderId: 'order-1', executionId: 'exec-1' };

beforeEach(() => {
  resetMocks();
});

describe('ReleaseStock', () => {
  test('returns reserved quantities to available and marks the reservation RELEASED in one transaction', async () => {
    documents.on(GetCommand).resolves(reservation('RESERVED'));
    documents.on(TransactWriteCommand).resolves({});
    await expect(release(input, lambdaContext)).resolves.toEqual({ orderId: 'order-1', status: 'RELEASED', released: true });
    const tx = documents.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(tx[0]!.Update).toMatchObject({ Key: { pk: 'PRODUCT#a', sk: 'REGION#us-east-1' }, ConditionExpression: 'reserved >= :q AND (attribute_not_exists(ownerRegion) OR ownerRegion = :me)' });
    expect(tx[1]!.Update).toMatchObject({ ConditionExpression: '#status = :reserved', UpdateExpression: 'SET #status = :to, updatedAt = :at', ExpressionAttributeValues: { ':to': 'RELEASED', ':reserved': 'RESERVED' } });
  });

  test.each(['RELEASED', 'DISPATCHED'])('idempotent: a %s reservation is left alone', async (status) => {
    documents.on(GetCommand).resolves(reservation(status));
    await expect(release(input, lambdaContext)).resolves.toEqual({ orderId: 'order-1', status, released: false });
    expect(documents).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  test('an order that never reserved has nothing to release', async () => {
    documents.on(GetCommand).resolves({});
    await expect(release(input, lambdaContext)).resolves.toEqual({ orderId: 'order-1', status: 'NONE', released: false });
  });

  test('a reservation released by a racing step is read again, not released twice', async () => {
    documents.on(GetCommand).resolvesOnce(reservation('RESERVED')).resolves(reservation('RELEASED'));
    documents.on(TransactWriteCommand).rejects(transactionCancelled(['None', 'ConditionalCheckFailed']));
    await expect(release(input, lambdaContext)).resolves.toMatchObject({ status: 'RELEASED', released: false });
  });

  test('a storage outage is the retryable DependencyUnavailable', async () => {
    documents.on(GetCommand).rejects(serviceUnavailable());
    await expect(release(input, lambdaContext)).rejects.toMatchObject({ name: 'DependencyUnavailable', transient: true });
  });
});

describe('DispatchStock', () => {
  const order = (status = 'SHIPPED') => ({ Item: storedOrder({ status: status as 'SHIPPED' }) });

  test('moves reserved stock out of the warehouse and marks the reservation DISPATCHED', async () => {
    documents.on(GetCommand, { TableName: 'bigsmokes-orders' }).resolves(order());
    documents.on(GetCommand, { TableName: 'bigsmokes-inventory' }).resolves(reservation('RESERVED'));
    documents.on(TransactWriteCommand).resolves({});
    await expect(dispatch(input, lambdaContext)).resolves.toEqual({ orderId: 'order-1', status: 'DISPATCHED' });
    const tx = documents.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(tx[0]!.Update!.UpdateExpression).toContain('reserved = reserved - :q');
  });

  test('a cancelled order is not dispatched (OrderCancelled)', async () => {
    documents.on(GetCommand, { TableName: 'bigsmokes-orders' }).resolves(order('CANCELLED'));
    await expect(dispatch(input, lambdaContext)).rejects.toMatchObject({ name: 'OrderCancelled' });
    expect(documents).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  test('idempotent: an order already dispatched is not dispatched again', async () => {
    documents.on(GetCommand, { TableName: 'bigsmokes-orders' }).resolves(order());
    documents.on(GetCommand, { TableName: 'bigsmokes-inventory' }).resolves(reservation('DISPATCHED'));
    await expect(dispatch(input, lambdaContext)).resolves.toMatchObject({ status: 'DISPATCHED' });
    expect(documents).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  test('a released reservation cannot be dispatched (InvalidState)', async () => {
    documents.on(GetCommand, { TableName: 'bigsmokes-orders' }).resolves(order());
    documents.on(GetCommand, { TableName: 'bigsmokes-inventory' }).resolves(reservation('RELEASED'));
    await expect(dispatch(input, lambdaContext)).rejects.toMatchObject({ name: 'InvalidState' });
  });

  test('transient: an outage is retryable', async () => {
    documents.on(GetCommand).rejects(serviceUnavailable());
    await expect(dispatch(input, lambdaContext)).rejects.toMatchObject({ transient: true });
  });
});
