// updateDelivery IN_TRANSIT: a tracking event becomes a history entry; the status stays SHIPPED.
import { runtime, util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
  if (ctx.args.status !== 'IN_TRANSIT') runtime.earlyReturn(null);
  const at = util.time.nowISO8601();
  return ddb.update({
    key: { id: ctx.stash.order.id },
    update: {
      updatedAt: at,
      history: ddb.operations.append([{ status: 'SHIPPED', at, note: ctx.args.note ?? 'In transit' }]),
    },
    condition: { status: { eq: 'SHIPPED' } },
  });
}

export function response(ctx) {
  if (ctx.error) {
    if (ctx.error.type === 'DynamoDB:ConditionalCheckFailedException') util.error('The order is no longer SHIPPED', 'InvalidState');
    util.error(ctx.error.message, ctx.error.type);
  }
  ctx.stash.order = ctx.result;
  ctx.stash.publishAt = ctx.result.updatedAt;
  return ctx.result;
}
