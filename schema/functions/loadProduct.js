// Loads the product named by productId into the stash; NotFound when there is none.
import { util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
  return ddb.get({ key: { id: ctx.args.productId } });
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  if (!ctx.result) util.error('Product not found', 'NotFound');
  ctx.stash.product = ctx.result;
  return ctx.result;
}
