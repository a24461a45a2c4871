// products(category, limit, nextToken): a catalogue page; by category through the byCategory index.
import * as ddb from '@aws-appsync/utils/dynamodb';
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  const limit = ctx.args.limit ?? 20;
  if (limit < 1 || limit > 100) util.error('limit must be between 1 and 100', 'ValidationError');
  const nextToken = ctx.args.nextToken ?? undefined;
  if (ctx.args.category) {
    return ddb.query({ index: 'byCategory', query: { category: { eq: ctx.args.category } }, limit, nextToken });
  }
  return ddb.scan({ limit, nextToken });
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return { items: ctx.result.items, nextToken: ctx.result.nextToken ?? null };
}
