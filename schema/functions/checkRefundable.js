// A new refund: only the owner or support, only after the order shipped, only items it holds, and
// never more than was captured minus earlier refunds (the Payments table's `refundable`). The Refund
// saga checks again atomically; this answers the shopper at once.
import { runtime, util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';

const REFUNDABLE = ['SHIPPED', 'DELIVERED', 'PARTIALLY_REFUNDED'];

export function request(ctx) {
  if (ctx.stash.refundId) runtime.earlyReturn(null);
  const order = ctx.stash.order;
  const groups = ctx.identity.groups ?? [];
  if (order.userId !== ctx.identity.sub && !groups.includes('support')) {
    util.error('Only the order\'s owner or support may request a refund', 'Unauthorized');
  }
  if (!REFUNDABLE.includes(order.status)) {
    util.error(`Order ${order.id} is ${order.status}; refunds can be requested once it has shipped`, 'InvalidState');
  }
  const returned = {};
  (ctx.args.input.items ?? []).forEach((item) => {
    returned[item.productId] = (returned[item.productId] ?? 0) + item.quantity;
  });
  Object.keys(returned).forEach((productId) => {
    const bought = order.items.find((item) => item.productId === productId);
    if (!bought) util.error(`Product ${productId} is not in order ${order.id}`, 'ValidationError');
    if (returned[productId] > bought.quantity) util.error(`At most ${bought.quantity} of ${bought.name} can be returned`, 'ValidationError');
  });
  return ddb.get({ key: { orderId: order.id, operation: 'CAPTURE' }, consistentRead: true });
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const capture = ctx.result;
  if (!capture) util.error('Nothing has been charged for this order yet', 'InvalidState');
  const amount = ctx.args.input.amount.amount;
  if (amount > capture.refundable) {
    const whole = Math.floor(capture.refundable / 100);
    const cents = capture.refundable % 100;
    util.error(`At most ${capture.amount.currency} ${whole}.${cents < 10 ? '0' : ''}${cents} can still be refunded`, 'ValidationError', null,
      { refundable: { amount: capture.refundable, currency: capture.amount.currency } });
  }
  return capture;
}
