// Announces a status change made by a resolver (the saga's tasks announce their own) through the
// PublishStatus task, so onOrderUpdated subscribers see it. Skipped when nothing changed.
import { runtime, util } from '@aws-appsync/utils';

export function request(ctx) {
  if (!ctx.stash.publishAt) runtime.earlyReturn(null);
  return { operation: 'Invoke', payload: { orderId: ctx.stash.order.id, at: ctx.stash.publishAt } };
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return ctx.result;
}
