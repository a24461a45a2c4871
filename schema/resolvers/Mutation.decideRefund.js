// decideRefund(id, approve, note): finance approves or rejects a refund that waits for approval.
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  if (ctx.args.note && ctx.args.note.length > 500) util.error('note must be at most 500 characters', 'ValidationError');
  ctx.stash.refundId = ctx.args.id;
  return {};
}

export function response(ctx) {
  return ctx.prev.result;
}
