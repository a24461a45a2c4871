// redriveExecution of a Refund saga (named refund-<id>, or refund-<id>-e<epoch> after an adoption):
// loads the refund so requireOrderHome can check the region that owns its order.
import { runtime, util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
  if (!ctx.stash.refundIdForRegion) runtime.earlyReturn(null);
  return ddb.get({ key: { pk: `REFUND#${ctx.stash.refundIdForRegion}`, sk: 'REFUND' }, consistentRead: true });
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  if (ctx.result) ctx.stash.refund = ctx.result;
  return ctx.result;
}
