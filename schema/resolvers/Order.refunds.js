// Order.refunds: the order's refund sagas, oldest first, through the Refunds byOrder index (which
// also holds the order's ledger lines, hence the filter).
import * as ddb from '@aws-appsync/utils/dynamodb';
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  return ddb.query({ index: 'byOrder', query: { orderId: { eq: ctx.source.id } }, filter: { recordType: { eq: 'REFUND' } } });
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return ctx.result.items;
}
