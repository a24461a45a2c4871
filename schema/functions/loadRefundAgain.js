// Reads the refund once more after the mutation's work, so the field returns it as it now stands.
import { util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
  return ddb.get({ key: { pk: `REFUND#${ctx.stash.refund.id}`, sk: 'REFUND' }, consistentRead: true });
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return ctx.result;
}
