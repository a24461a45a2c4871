// The order listings, one resolver for the fields that differ only in their index and key:
// myOrders (the caller's, newest first), ordersByUser and ordersByStatus (support, newest first),
// packingQueue (warehouse: PACKING, oldest first), deliveryQueue (delivery: SHIPPED, oldest first).
import * as ddb from '@aws-appsync/utils/dynamodb';
import { util } from '@aws-appsync/utils';

function listing(ctx) {
  const field = ctx.info.fieldName;
  if (field === 'myOrders') return { index: 'byUser', query: { userId: { eq: ctx.identity.sub } }, scanIndexForward: false };
  if (field === 'ordersByUser') return { index: 'byUser', query: { userId: { eq: ctx.args.userId } }, scanIndexForward: false };
  if (field === 'deliveryQueue') return { index: 'byStatus', query: { status: { eq: 'SHIPPED' } }, scanIndexForward: true };
  if (field === 'packingQueue') return { index: 'byStatus', query: { status: { eq: 'PACKING' } }, scanIndexForward: true };
  return { index: 'byStatus', query: { status: { eq: ctx.args.status } }, scanIndexForward: false };
}

export function request(ctx) {
  const limit = ctx.args.limit ?? 20;
  if (limit < 1 || limit > 100) util.error('limit must be between 1 and 100', 'ValidationError');
  return ddb.query({ ...listing(ctx), limit, nextToken: ctx.args.nextToken ?? undefined });
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return { items: ctx.result.items, nextToken: ctx.result.nextToken ?? null };
}
