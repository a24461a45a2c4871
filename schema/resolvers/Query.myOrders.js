// myOrders(limit, nextToken): the caller's own orders, newest first, through the byUser index.
import * as ddb from '@aws-appsync/utils/dynamodb';
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  const limit = ctx.args.limit ?? 20;
  if (limit < 1 || limit > 100) util.error('limit must be between 1 and 100', 'ValidationError');
  return ddb.query({
    index: 'byUser',
    query: { userId: { eq: ctx.identity.sub } },
    scanIndexForward: false,
    limit,
    nextToken: ctx.args.nextToken ?? undefined,
  });
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return { items: ctx.result.items, nextToken: ctx.result.nextToken ?? null };
}
