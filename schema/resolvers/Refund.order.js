// Refund.order (support, finance): the refunded order, so finance reviews a refund with its items,
// total and payments beside it.
import * as ddb from '@aws-appsync/utils/dynamodb';
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  return ddb.get({ key: { id: ctx.source.orderId } });
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return ctx.result;
}
