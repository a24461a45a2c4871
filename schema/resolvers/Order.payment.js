// Order.payment (support, finance): what the provider authorised, captured and refunded, from the
// order's Payments items (AUTHORISATION, CAPTURE with `refundable`, REFUND#<id>).
import * as ddb from '@aws-appsync/utils/dynamodb';
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  return ddb.query({ query: { orderId: { eq: ctx.source.id } }, consistentRead: true });
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const items = ctx.result.items;
  const authorisation = items.find((item) => item.operation === 'AUTHORISATION');
  const capture = items.find((item) => item.operation === 'CAPTURE');
  if (!capture) {
    return { authorised: authorisation ? authorisation.amount : null, captured: null, refunded: null, refundable: null };
  }
  const currency = capture.amount.currency;
  return {
    authorised: authorisation ? authorisation.amount : null,
    captured: capture.amount,
    refunded: { amount: capture.amount.amount - capture.refundable, currency },
    refundable: { amount: capture.refundable, currency },
  };
}
