// requestRefund(input): the owner or support asks for money back after the order shipped, naming
// the returned items when goods come back. Same idempotency key and body: the same refund.
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  const input = ctx.args.input;
  const problems = [];
  if (input.amount.amount < 1) problems.push('amount must be at least 1');
  if (input.amount.currency !== 'USD') problems.push('amount.currency must be USD');
  if (input.reason.trim().length === 0 || input.reason.length > 500) problems.push('reason must be 1 to 500 characters');
  if (input.idempotencyKey.length < 1 || input.idempotencyKey.length > 64) problems.push('idempotencyKey must be 1 to 64 characters');
  (input.items ?? []).forEach((item) => {
    if (item.quantity < 1) problems.push(`quantity of ${item.productId} must be at least 1`);
  });
  if (problems.length > 0) util.error(problems.join('; '), 'ValidationError');
  // The request as the key remembers it: a repeat must match it exactly.
  ctx.stash.refundRequest = JSON.stringify({ amount: input.amount, reason: input.reason, items: input.items ?? [] });
  return {};
}

export function response(ctx) {
  return ctx.stash.refund;
}
