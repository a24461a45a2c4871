// Writes the product prepared in the stash: a create only if the id is new, a change only if the
// product still carries the updatedAt the editor saw.
import { util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
  const condition = ctx.args.input.id
    ? { updatedAt: { eq: ctx.args.input.expectedUpdatedAt } }
    : { id: { attributeExists: false } };
  return ddb.put({ key: { id: ctx.stash.product.id }, item: ctx.stash.product, condition });
}

export function response(ctx) {
  if (ctx.error) {
    if (ctx.error.type === 'DynamoDB:ConditionalCheckFailedException') {
      util.error('The product was changed by someone else; reload it and apply your change again', 'InvalidState');
    }
    util.error(ctx.error.message, ctx.error.type);
  }
  return ctx.result;
}
