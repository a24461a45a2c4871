// reportPackingFailed(orderId, reason): the order cannot be packed; the saga's packing step fails
// with PackingFailed and the saga compensates (voids the payment, releases the stock, marks FAILED).
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  const reason = ctx.args.reason.trim();
  if (reason.length === 0 || reason.length > 500) util.error('reason must be 1 to 500 characters', 'ValidationError');
  return {};
}

export function response(ctx) {
  return ctx.prev.result;
}
