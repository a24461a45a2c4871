// updateDelivery: loads the order's shipment (with the saga's delivery task token) and decides
// what the carrier's event means. IN_TRANSIT only adds history; DELIVERED succeeds the waiting
// step; FAILED fails it with DeliveryFailed, and the saga refunds, restocks and ends the order FAILED.
import { util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
  if (ctx.stash.order.status !== 'SHIPPED') {
    util.error(`Order ${ctx.stash.order.id} is ${ctx.stash.order.status}; delivery updates apply to SHIPPED orders`, 'InvalidState');
  }
  return ddb.get({ key: { orderId: ctx.stash.order.id }, consistentRead: true });
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const shipment = ctx.result;
  const status = ctx.args.status;
  if (status === 'IN_TRANSIT') return shipment;
  if (!shipment || !shipment.taskToken) {
    util.error(`Order ${ctx.stash.order.id} is not yet waiting for its delivery`, 'InvalidState');
  }
  ctx.stash.taskOutcome = status === 'DELIVERED'
    ? { token: shipment.taskToken, output: { status: 'DELIVERED', note: ctx.args.note ?? null } }
    : { token: shipment.taskToken, error: 'DeliveryFailed', cause: ctx.args.note ?? 'The carrier reported the delivery failed' };
  return shipment;
}
