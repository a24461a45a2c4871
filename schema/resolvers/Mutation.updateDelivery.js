// updateDelivery(orderId, status, note): the carrier's tracking events, reported by delivery staff.
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  if (ctx.args.note && ctx.args.note.length > 500) util.error('note must be at most 500 characters', 'ValidationError');
  return {};
}

export function response(ctx) {
  return ctx.prev.result;
}
