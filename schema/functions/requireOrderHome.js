// The home-region rule for saga operations that name no order directly (decideRefund names a
// refund, redriveExecution an execution): reads the order they belong to and refuses with
// WrongRegion (errorInfo.homeRegion) unless this region owns it. Nothing to check: nothing done.
import { runtime, util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
  const id = ctx.stash.orderIdForRegion ?? (ctx.stash.refund ? ctx.stash.refund.orderId : null);
  if (!id) runtime.earlyReturn(null);
  return ddb.get({ key: { id }, consistentRead: true });
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const order = ctx.result;
  if (order && order.homeRegion !== ctx.env.HOME_REGION) {
    util.error(`Order ${order.id} is handled by ${order.homeRegion}; send this request there`, 'WrongRegion', null, { homeRegion: order.homeRegion });
  }
  return order;
}
