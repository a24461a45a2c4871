// Loads the order named by the arguments and checks that the caller may read it: its owner, or
// staff (support, finance, warehouse, delivery). Anyone else gets NotFound, so existence is not leaked.
// A mutation that touches the order's saga is refused with WrongRegion (errorInfo.homeRegion says
// where to go) unless this region owns the order: its executions and task tokens live only there.
import { util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';

const STAFF = ['support', 'finance', 'warehouse', 'delivery'];
const SAGA_OPERATIONS = ['cancelOrder', 'confirmPacked', 'reportPackingFailed', 'updateDelivery', 'requestRefund'];

export function request(ctx) {
  const id = ctx.args.id ?? ctx.args.orderId ?? (ctx.args.input ?? {}).orderId;
  return ddb.get({ key: { id }, consistentRead: true });
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const order = ctx.result;
  const groups = ctx.identity.groups ?? [];
  const isStaff = groups.some((group) => STAFF.includes(group));
  if (!order || (order.userId !== ctx.identity.sub && !isStaff)) {
    util.error('Order not found', 'NotFound');
  }
  if (SAGA_OPERATIONS.includes(ctx.info.fieldName) && order.homeRegion !== ctx.env.HOME_REGION) {
    util.error(`Order ${order.id} is handled by ${order.homeRegion}; send this request there`, 'WrongRegion', null, { homeRegion: order.homeRegion });
  }
  ctx.stash.order = order;
  return order;
}
