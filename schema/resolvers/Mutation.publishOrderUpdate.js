// publishOrderUpdate(id): internal (IAM). A status event names the order; the current order is
// read and returned, so onOrderUpdated subscribers receive the whole order as it now stands.
import * as ddb from '@aws-appsync/utils/dynamodb';
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  return ddb.get({ key: { id: ctx.args.id }, consistentRead: true });
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  if (!ctx.result) util.error('Order not found', 'NotFound');
  return ctx.result;
}
