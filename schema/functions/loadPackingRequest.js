// Loads the order's packing request (with the Fulfilment saga's task token) and decides what the
// mutation tells the waiting saga: confirmPacked succeeds the task, reportPackingFailed fails it with
// PackingFailed, cancelOrder fails it with OrderCancelled (if it still waits; after packing the next
// saga step sees the cancellation itself).
import { util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
  return ddb.get({ key: { pk: `ORDER#${ctx.stash.order.id}`, sk: 'PACKING' }, consistentRead: true });
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const packing = ctx.result;
  const waiting = packing && packing.status === 'REQUESTED' && packing.taskToken;
  const field = ctx.info.fieldName;
  if (field === 'cancelOrder') {
    if (waiting) {
      ctx.stash.taskOutcome = { token: packing.taskToken, error: 'OrderCancelled', cause: 'The order was cancelled' };
      ctx.stash.staleTokenIsFine = true;
    }
    return packing;
  }
  if (ctx.stash.order.status !== 'PACKING' || !waiting) {
    util.error(`Order ${ctx.stash.order.id} is ${ctx.stash.order.status}, not waiting to be packed`, 'InvalidState');
  }
  ctx.stash.taskOutcome = field === 'confirmPacked'
    ? { token: packing.taskToken, output: { packages: ctx.args.packages, by: ctx.identity.username } }
    : { token: packing.taskToken, error: 'PackingFailed', cause: ctx.args.reason };
  return packing;
}
