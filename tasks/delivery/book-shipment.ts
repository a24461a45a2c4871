// BookShipment: books the packed order with the carrier, records the shipment and its tracking
// number, and sets the order SHIPPED. If the order was cancelled while the carrier was being asked,
// the booking is cancelled and the step ends with OrderCancelled for the saga to compensate.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { makeTask } from '../lib/task.ts';
import { documentClient } from '../lib/clients.ts';
import { InvalidState, OrderCancelled } from '../lib/errors.ts';
import { requireString } from '../lib/input.ts';
import { loadOrder } from '../lib/order-guard.ts';
import { nowIso } from '../lib/types.ts';
import { tableName } from '../../infra/tables.ts';
import { changeOrderStatus } from '../orders/order-status.ts';
import { carrier } from './carrier-provider.ts';
import { loadShipment } from './shipments.ts';
import type { Shipment } from './shipments.ts';

export interface BookShipmentInput {
  readonly orderId: string;
  readonly executionId?: string;
  /** The warehouse's answer to RequestPacking (confirmPacked sends `{ packages }`); one parcel when not said. */
  readonly packing?: { readonly packages?: number } | null;
}

export interface BookShipmentResult {
  readonly orderId: string;
  readonly shipmentId: string;
  readonly trackingNumber: string;
}

async function markShipped(shipment: Shipment): Promise<BookShipmentResult> {
  await changeOrderStatus({
    orderId: shipment.orderId, to: 'SHIPPED', from: ['PACKED'],
    note: `${shipment.carrier} ${shipment.trackingNumber}`, set: { trackingNumber: shipment.trackingNumber },
  });
  return { orderId: shipment.orderId, shipmentId: shipment.shipmentId, trackingNumber: shipment.trackingNumber };
}

async function cancelBooking(orderId: string, shipmentId: string): Promise<void> {
  await carrier().cancel({ shipmentId });
  await documentClient().send(new UpdateCommand({
    TableName: tableName('Shipments'), Key: { orderId },
    UpdateExpression: 'SET #status = :cancelled', ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':cancelled': 'CANCELLED' },
  }));
}

export async function bookShipment(input: BookShipmentInput): Promise<BookShipmentResult> {
  const orderId = requireString(input.orderId, 'orderId');
  const order = await loadOrder(orderId);
  const existing = await loadShipment(orderId);
  if (order.status === 'CANCELLED') {
    // A booking made before the cancellation landed must not leave with the carrier.
    if (existing !== undefined && existing.status === 'BOOKED') await cancelBooking(orderId, existing.shipmentId);
    throw new OrderCancelled(`order ${orderId} was cancelled`);
  }
  if (existing !== undefined && existing.status !== 'CANCELLED') return markShipped(existing);
  if (order.status !== 'PACKED') throw new InvalidState(`order ${orderId} is ${order.status}, not PACKED`);

  const packages = input.packing?.packages;
  const parcels = typeof packages === 'number' && Number.isInteger(packages) && packages > 0 ? packages : 1;
  const booking = await carrier().book({ reference: `ship:${orderId}`, address: order.deliveryAddress, parcels });
  const shipment: Shipment = { orderId, ...booking, parcels, status: 'BOOKED', bookedAt: nowIso() };
  try {
    await documentClient().send(new PutCommand({
      TableName: tableName('Shipments'), Item: shipment,
      ConditionExpression: 'attribute_not_exists(orderId) OR #status = :cancelled',
      ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':cancelled': 'CANCELLED' },
    }));
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  try {
    return await markShipped((await loadShipment(orderId))!);
  } catch (error) {
    if (!(error instanceof OrderCancelled)) throw error;
    await cancelBooking(orderId, booking.shipmentId);
    throw error;
  }
}

export const handler = makeTask<BookShipmentInput, BookShipmentResult>({
  name: 'BookShipment',
  fenced: true,
  idempotencyKey: '[orderId, executionId]',
  run: bookShipment,
});
