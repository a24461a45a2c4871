import '../helpers/env.ts';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents, lambdaContext, resetMocks } from '../helpers/mocks.ts';
import { storedOrder, usAddress } from '../helpers/fixtures.ts';
import { handler as bookShipment } from '../../../tasks/delivery/book-shipment.ts';
import { handler as awaitDelivery } from '../../../tasks/delivery/await-delivery.ts';
import { setCarrierOutage } from '../../../tasks/delivery/sandbox-carrier.ts';

const orders = { TableName: 'bigsmokes-orders' };
const shipments = { TableName: 'bigsmokes-shipments' };
let seq = 0;

beforeEach(() => {
  resetMocks();
  setCarrierOutage(false);
});

describe('BookShipment (sandbox carrier, API.md §7)', () => {
  const packed = (orderId: string, overrides = {}) => documents.on(GetCommand, orders).resolves({ Item: storedOrder({ id: orderId, status: 'PACKED', ...overrides }) });

  test('books the parcel, records the tracking number and sets the order SHIPPED', async () => {
    const orderId = `ship-${++seq}`;
    packed(orderId);
    let stored: Record<string, unknown> | undefined;
    documents.on(GetCommand, shipments).callsFake(() => ({ Item: stored }));
    documents.on(PutCommand).callsFake((input) => { stored = input.Item; return {}; });
    documents.on(UpdateCommand).resolves({ Attributes: storedOrder({ id: orderId, status: 'SHIPPED' }) });
    const result = await bookShipment({ orderId, executionId: 'e', packing: { packages: 2 } }, lambdaContext);
    expect(result.trackingNumber).toMatch(/^BS\d{12}$/);
    expect(stored).toMatchObject({ parcels: 2, status: 'BOOKED', trackingNumber: result.trackingNumber });
    expect(documents).toHaveReceivedCommandWith(UpdateCommand, {
      ExpressionAttributeValues: expect.objectContaining({ ':to': 'SHIPPED', ':from0': 'PACKED', ':set0': result.trackingNumber }),
    });
  });

  test('an address the carrier refuses is DeliveryFailed', async () => {
    const orderId = `ship-${++seq}`;
    packed(orderId, { deliveryAddress: { ...usAddress, line1: 'Undeliverable Rd' } });
    documents.on(GetCommand, shipments).resolves({});
    await expect(bookShipment({ orderId, executionId: 'e' }, lambdaContext)).rejects.toMatchObject({ name: 'DeliveryFailed', transient: false });
  });

  test('a carrier outage is the transient CarrierUnavailable and books nothing', async () => {
    const orderId = `ship-${++seq}`;
    packed(orderId);
    documents.on(GetCommand, shipments).resolves({});
    setCarrierOutage(true);
    await expect(bookShipment({ orderId, executionId: 'e' }, lambdaContext)).rejects.toMatchObject({ name: 'CarrierUnavailable', transient: true });
    expect(documents).not.toHaveReceivedCommand(PutCommand);
  });

  test('a cancellation that lands while booking cancels the booking and ends OrderCancelled', async () => {
    const orderId = `ship-${++seq}`;
    packed(orderId);
    documents.on(GetCommand, shipments).resolvesOnce({}).resolves({ Item: { orderId, shipmentId: 's', trackingNumber: 't', carrier: 'SANDBOX', status: 'BOOKED' } });
    documents.on(PutCommand).resolves({});
    documents.on(UpdateCommand, orders).rejects(new ConditionalCheckFailedException({ message: 'failed', $metadata: {} }));
    documents.on(GetCommand, orders).resolvesOnce({ Item: storedOrder({ id: orderId, status: 'PACKED' }) }).resolves({ Item: storedOrder({ id: orderId, status: 'CANCELLED' }) });
    await expect(bookShipment({ orderId, executionId: 'e' }, lambdaContext)).rejects.toMatchObject({ name: 'OrderCancelled' });
    expect(documents).toHaveReceivedCommandWith(UpdateCommand, { TableName: 'bigsmokes-shipments', ExpressionAttributeValues: { ':cancelled': 'CANCELLED' } });
  });

  test('idempotent: an order already booked is not booked again', async () => {
    const orderId = `ship-${++seq}`;
    packed(orderId, { status: 'SHIPPED' });
    documents.on(GetCommand, shipments).resolves({ Item: { orderId, shipmentId: 's1', trackingNumber: 'BS1', carrier: 'SANDBOX', status: 'BOOKED' } });
    documents.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'failed', $metadata: {} }));
    await expect(bookShipment({ orderId, executionId: 'e' }, lambdaContext)).resolves.toEqual({ orderId, shipmentId: 's1', trackingNumber: 'BS1' });
    expect(documents).not.toHaveReceivedCommand(PutCommand);
  });
});

describe('AwaitDelivery', () => {
  test('stores the task token on the shipment', async () => {
    documents.on(GetCommand, orders).resolves({ Item: storedOrder({ status: 'SHIPPED' }) });
    documents.on(UpdateCommand).resolves({});
    await expect(awaitDelivery({ orderId: 'order-1', taskToken: 'tok-d' }, lambdaContext)).resolves.toMatchObject({ orderId: 'order-1' });
    expect(documents).toHaveReceivedCommandWith(UpdateCommand, { TableName: 'bigsmokes-shipments', ExpressionAttributeValues: expect.objectContaining({ ':t': 'tok-d' }) });
  });

  test('no shipment is NotFound; a cancelled order is OrderCancelled', async () => {
    documents.on(GetCommand, orders).resolvesOnce({ Item: storedOrder({ status: 'SHIPPED' }) }).resolves({ Item: storedOrder({ status: 'CANCELLED' }) });
    documents.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'failed', $metadata: {} }));
    await expect(awaitDelivery({ orderId: 'order-1', taskToken: 'a' }, lambdaContext)).rejects.toMatchObject({ name: 'NotFound' });
    await expect(awaitDelivery({ orderId: 'order-1', taskToken: 'b' }, lambdaContext)).rejects.toMatchObject({ name: 'OrderCancelled' });
  });

  test('idempotent per token; a storage outage is transient', async () => {
    documents.on(GetCommand, orders).resolves({ Item: storedOrder({ status: 'SHIPPED' }) });
    documents.on(UpdateCommand).resolves({});
    await awaitDelivery({ orderId: 'order-1', taskToken: 'same' }, lambdaContext);
    await awaitDelivery({ orderId: 'order-1', taskToken: 'same' }, lambdaContext);
    expect(documents).toHaveReceivedCommandTimes(UpdateCommand, 1);
    documents.on(UpdateCommand).rejects(Object.assign(new Error('down'), { name: 'InternalServerError', $fault: 'server', $metadata: {} }));
    await expect(awaitDelivery({ orderId: 'order-1', taskToken: 'other' }, lambdaContext)).rejects.toMatchObject({ name: 'DependencyUnavailable' });
  });
});
