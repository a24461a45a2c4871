// Loads the refund the request names (new or repeated) into the stash.
import { util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
  return ddb.get({ key: { pk: `REFUND#${ctx.stash.refundId}`, sk: 'REFUND' }, consistentRead: true });
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  if (!ctx.result) util.error('Refund not found', 'NotFound');
  ctx.stash.refund = ctx.result;
  return ctx.result;
}
