// Order.shipment: the carrier and tracking number of the booked shipment, null before booking.
import * as ddb from '@aws-appsync/utils/dynamodb';
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  return ddb.get({ key: { orderId: ctx.source.id } });
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const shipment = ctx.result;
  if (!shipment || !shipment.trackingNumber) return null;
  return { carrier: shipment.carrier, trackingNumber: shipment.trackingNumber, awaitingDelivery: !!shipment.taskToken };
}
