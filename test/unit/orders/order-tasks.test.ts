import '../helpers/env.ts';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { documents, events, lambdaContext, resetMocks, serviceUnavailable } from '../helpers/mocks.ts';
import { cigar, storedOrder, usAddress } from '../helpers/fixtures.ts';
import { handler as storeOrder } from '../../../tasks/orders/store-order.ts';
import { handler as markOrder } from '../../../tasks/orders/mark-order.ts';
import { handler as updateOrder } from '../../../tasks/orders/update-order.ts';
import { handler as publishStatus } from '../../../tasks/orders/publish-status.ts';
import type { OrderStatus } from '../../../tasks/lib/types.ts';

const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
const detailOf = (call = 0) => JSON.parse(events.commandCalls(PutEventsCommand)[call]!.args[0].input.Entries![0]!.Detail!);

beforeEach(() => {
  resetMocks();
});

describe('StoreOrder', () => {
  const input = {
    orderId: 'order-s', executionId: 'e', userId: 'user-1', idempotencyKey: 'key-1',
    items: [{ productId: cigar.id, name: cigar.name, quantity: 2, unitPrice: cigar.price }],
    itemsTotal: { amount: 2_500, currency: 'USD' }, deliveryPrice: { amount: 599, currency: 'USD' }, total: { amount: 3_099, currency: 'USD' },
    deliveryAddress: usAddress, authorisationId: 'auth_1',
  };

  test('stores a PLACED order with copied items and address, home region and history, and publishes it', async () => {
    documents.on(PutCommand).resolves({});
    const order = await storeOrder(input, lambdaContext);
    expect(order).toMatchObject({ id: 'order-s', status: 'PLACED', homeRegion: 'us-east-1', items: input.items, deliveryAddress: usAddress });
    expect(order.history).toEqual([{ status: 'PLACED', at: order.createdAt }]);
    expect(documents).toHaveReceivedCommandWith(PutCommand, { TableName: 'bigsmokes-orders', ConditionExpression: 'attribute_not_exists(id)' });
    expect(detailOf()).toMatchObject({ orderId: 'order-s', userId: 'user-1', status: 'PLACED' });
  });

  test('idempotent: an order already stored is returned as it is (a replayed checkout)', async () => {
    documents.on(PutCommand).rejects(conditionFailed());
    documents.on(GetCommand).resolves({ Item: storedOrder({ id: 'order-s', status: 'PACKING' }) });
    await expect(storeOrder(input, lambdaContext)).resolves.toMatchObject({ status: 'PACKING' });
  });

  test('an order that failed earlier is not revived (InvalidState)', async () => {
    documents.on(PutCommand).rejects(conditionFailed());
    documents.on(GetCommand).resolves({ Item: storedOrder({ id: 'order-s', status: 'FAILED' }) });
    await expect(storeOrder(input, lambdaContext)).rejects.toMatchObject({ name: 'InvalidState' });
  });

  test('a storage outage is transient', async () => {
    documents.on(PutCommand).rejects(serviceUnavailable());
    await expect(storeOrder(input, lambdaContext)).rejects.toMatchObject({ name: 'DependencyUnavailable', transient: true });
  });
});

describe('MarkOrder', () => {
  test.each<[OrderStatus, OrderStatus[]]>([
    ['PACKED', ['PACKING']], ['DELIVERED', ['SHIPPED']], ['FAILED', ['PLACED', 'PACKING', 'PACKED', 'SHIPPED']],
  ])('%s is allowed only after %j, with a history entry and an event', async (status, from) => {
    documents.on(UpdateCommand).resolves({ Attributes: storedOrder({ status, history: [{ status, at: 'now', note: 'n' }] }) });
    await markOrder({ orderId: 'order-1', executionId: 'e', status, note: 'n' }, lambdaContext);
    const update = documents.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(Object.entries(update.ExpressionAttributeValues!).filter(([k]) => k.startsWith(':from')).map(([, v]) => v)).toEqual(from);
    expect(update.ExpressionAttributeValues![':entry']).toEqual([{ status, at: expect.any(String), note: 'n' }]);
    expect(detailOf()).toMatchObject({ status, note: 'n' });
  });

  test('a cancelled order stays cancelled (OrderCancelled); another status is InvalidState', async () => {
    documents.on(UpdateCommand).rejects(conditionFailed());
    documents.on(GetCommand).resolvesOnce({ Item: storedOrder({ status: 'CANCELLED' }) }).resolves({ Item: storedOrder({ status: 'DELIVERED' }) });
    await expect(markOrder({ orderId: 'order-1', executionId: 'e', status: 'FAILED' }, lambdaContext)).rejects.toMatchObject({ name: 'OrderCancelled' });
    await expect(markOrder({ orderId: 'order-1', executionId: 'e', status: 'PACKED' }, lambdaContext)).rejects.toMatchObject({ name: 'InvalidState' });
  });

  test('idempotent: an order already in the status is republished, not changed', async () => {
    documents.on(UpdateCommand).rejects(conditionFailed());
    documents.on(GetCommand).resolves({ Item: storedOrder({ status: 'PACKED' }) });
    await expect(markOrder({ orderId: 'order-1', executionId: 'e', status: 'PACKED' }, lambdaContext)).resolves.toMatchObject({ status: 'PACKED' });
    expect(events).toHaveReceivedCommandTimes(PutEventsCommand, 1);
  });

  test('a status sagas may not set is a ValidationError; an event bus outage is transient', async () => {
    await expect(markOrder({ orderId: 'order-1', executionId: 'e', status: 'CANCELLED' }, lambdaContext)).rejects.toMatchObject({ name: 'ValidationError' });
    documents.on(UpdateCommand).resolves({ Attributes: storedOrder({ status: 'PACKED' }) });
    events.on(PutEventsCommand).rejects(serviceUnavailable());
    await expect(markOrder({ orderId: 'order-1', executionId: 'e', status: 'PACKED' }, lambdaContext)).rejects.toMatchObject({ transient: true });
  });
});

describe('UpdateOrder (after a refund)', () => {
  const input = (refundId: string) => ({ orderId: 'order-1', refundId, amount: { amount: 1_000, currency: 'USD' } });
  const capture = (refundable: number) => documents.on(GetCommand, { TableName: 'bigsmokes-payments' }).resolves({ Item: { refundable } });

  test.each([[0, 'REFUNDED'], [2_099, 'PARTIALLY_REFUNDED']])('refundable %d left: %s', async (refundable, status) => {
    documents.on(GetCommand, { TableName: 'bigsmokes-orders' }).resolves({ Item: storedOrder({ status: 'DELIVERED' }) });
    capture(refundable);
    documents.on(UpdateCommand).resolves({ Attributes: storedOrder({ status: status as OrderStatus }) });
    await expect(updateOrder(input('rf-1'), lambdaContext)).resolves.toMatchObject({ status });
    expect(documents).toHaveReceivedCommandWith(UpdateCommand, { ExpressionAttributeValues: expect.objectContaining({ ':s': status, ':was': 'DELIVERED' }) });
  });

  test('idempotent: a refund already in the history is not written twice', async () => {
    const note = 'refund rf-2: 1000 USD';
    documents.on(GetCommand, { TableName: 'bigsmokes-orders' }).resolves({ Item: storedOrder({ status: 'PARTIALLY_REFUNDED', history: [{ status: 'PARTIALLY_REFUNDED', at: 't', note }] }) });
    await expect(updateOrder(input('rf-2'), lambdaContext)).resolves.toEqual({ orderId: 'order-1', status: 'PARTIALLY_REFUNDED', at: 't' });
    expect(documents).not.toHaveReceivedCommand(UpdateCommand);
  });

  test('an order not yet shipped cannot be refunded (InvalidState); an outage is transient', async () => {
    documents.on(GetCommand, { TableName: 'bigsmokes-orders' }).resolvesOnce({ Item: storedOrder({ status: 'PACKING' }) }).rejects(serviceUnavailable());
    await expect(updateOrder(input('rf-3'), lambdaContext)).rejects.toMatchObject({ name: 'InvalidState' });
    await expect(updateOrder(input('rf-4'), lambdaContext)).rejects.toMatchObject({ transient: true });
  });
});

describe('PublishStatus', () => {
  test('publishes the order\'s current status as OrderStatusChanged from bigsmokes.orders', async () => {
    documents.on(GetCommand).resolves({ Item: storedOrder({ status: 'SHIPPED', history: [{ status: 'SHIPPED', at: 't1', note: 'IN_TRANSIT' }] }) });
    await expect(publishStatus({ orderId: 'order-1', at: 't1' }, lambdaContext)).resolves.toMatchObject({ status: 'SHIPPED', note: 'IN_TRANSIT' });
    const entry = events.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries![0]!;
    expect(entry).toMatchObject({ Source: 'bigsmokes.orders', DetailType: 'OrderStatusChanged', EventBusName: 'bigsmokes-events' });
  });

  test('unknown order: NotFound; replay of the same change: published once; bus failure: transient', async () => {
    documents.on(GetCommand).resolvesOnce({}).resolves({ Item: storedOrder() });
    await expect(publishStatus({ orderId: 'nope', at: 't' }, lambdaContext)).rejects.toMatchObject({ name: 'NotFound' });
    await publishStatus({ orderId: 'order-1', at: 't' }, lambdaContext);
    await publishStatus({ orderId: 'order-1', at: 't' }, lambdaContext);
    expect(events).toHaveReceivedCommandTimes(PutEventsCommand, 1);
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException' }] });
    await expect(publishStatus({ orderId: 'order-1', at: 't2' }, lambdaContext)).rejects.toMatchObject({ name: 'EventBusUnavailable' });
  });
});
