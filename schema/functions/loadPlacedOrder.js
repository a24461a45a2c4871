// Reads the order that Checkout stored, so placeOrder returns it exactly as every later read will.
// An order another region placed (a retry sent here) comes with Checkout's answer, as this region
// holds it: its own item may not have replicated here yet, only its copy.
import { runtime, util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
  if (ctx.prev.result.placedIn) runtime.earlyReturn(ctx.prev.result.order);
  return ddb.get({ key: { id: ctx.prev.result.orderId }, consistentRead: true });
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  if (!ctx.result) util.error('The order was not stored', 'InternalFailure');
  return ctx.result;
}
