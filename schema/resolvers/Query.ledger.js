// ledger(from, to): finance's double-entry lines posted in the period, oldest first.
import * as ddb from '@aws-appsync/utils/dynamodb';
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  if (ctx.args.from > ctx.args.to) util.error('from must not be after to', 'ValidationError');
  return ddb.query({
    index: 'byRecordType',
    query: { recordType: { eq: 'LEDGER_LINE' }, createdAt: { between: [ctx.args.from, ctx.args.to] } },
    limit: 1000,
  });
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return ctx.result.items.map((line) => ({
    id: line.sk,
    at: line.at,
    orderId: line.orderId,
    refundId: line.refundId ?? null,
    account: line.account.toUpperCase(),
    debit: line.direction === 'DEBIT' ? line.amount : 0,
    credit: line.direction === 'CREDIT' ? line.amount : 0,
    currency: line.currency,
    memo: line.kind === 'CAPTURE' ? `Capture for order ${line.orderId}` : `Refund ${line.refundId} for order ${line.orderId}`,
  }));
}
