// For a change (input.id present): the product must exist (NotFound) and still carry the updatedAt
// the editor saw (InvalidState otherwise). A create skips this step.
import { runtime, util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
  if (!ctx.args.input.id) runtime.earlyReturn(null);
  return ddb.get({ key: { id: ctx.args.input.id }, consistentRead: true });
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  if (!ctx.result) util.error('Product not found', 'NotFound');
  if (ctx.result.updatedAt !== ctx.args.input.expectedUpdatedAt) {
    util.error(`The product was changed at ${ctx.result.updatedAt}; reload it and apply your change again`, 'InvalidState');
  }
  return ctx.result;
}
