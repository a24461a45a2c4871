// ledger(from, to): finance's double-entry lines posted in the period, oldest first.
import * as ddb from '@aws-appsync/utils/dynamodb';
import { util } from '@aws-appsync/utils';

// Lines carry UTC times (…Z); the bounds may have any offset, so they are compared in UTC.
function utc(time) {
  return util.time.epochMilliSecondsToISO8601(util.time.parseISO8601ToEpochMilliSeconds(time));
}

export function request(ctx) {
  const from = utc(ctx.args.from);
  const to = utc(ctx.args.to);
  if (from > to) util.error('from must not be after to', 'ValidationError');
  return ddb.query({
    index: 'byRecordType',
    query: { recordType: { eq: 'LEDGER_LINE' }, createdAt: { between: [from, to] } },
    limit: 1000,
  });
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  if (ctx.result.nextToken) util.error('More than 1000 ledger lines in the period: ask for a shorter one', 'ValidationError');
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
