// refunds(status, limit, nextToken): refund sagas newest first, for finance; by status through the
// byStatus index, otherwise every refund through the byRecordType index.
import * as ddb from '@aws-appsync/utils/dynamodb';
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  const limit = ctx.args.limit ?? 20;
  if (limit < 1 || limit > 100) util.error('limit must be between 1 and 100', 'ValidationError');
  const nextToken = ctx.args.nextToken ?? undefined;
  if (ctx.args.status) {
    return ddb.query({ index: 'byStatus', query: { status: { eq: ctx.args.status } }, scanIndexForward: false, limit, nextToken });
  }
  return ddb.query({ index: 'byRecordType', query: { recordType: { eq: 'REFUND' } }, scanIndexForward: false, limit, nextToken });
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return { items: ctx.result.items, nextToken: ctx.result.nextToken ?? null };
}
