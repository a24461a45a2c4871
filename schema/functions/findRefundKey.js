// A refund request's idempotency key, per order: a repeat with the same body gets the refund the key
// made; a different body gets IdempotencyConflict.
import { util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
  return ddb.get({ key: { pk: `REFUND-KEY#${ctx.stash.order.id}`, sk: ctx.args.input.idempotencyKey }, consistentRead: true });
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const claimed = ctx.result;
  if (claimed && claimed.request !== ctx.stash.refundRequest) {
    util.error('This idempotency key was used with a different refund request', 'IdempotencyConflict');
  }
  if (claimed) ctx.stash.refundId = claimed.refundId;
  return claimed;
}
