// Reads the order that Checkout stored, so placeOrder returns it exactly as every later read will.
import { util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
  return ddb.get({ key: { id: ctx.prev.result.orderId }, consistentRead: true });
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  if (!ctx.result) util.error('The order was not stored', 'InternalFailure');
  return ctx.result;
}
