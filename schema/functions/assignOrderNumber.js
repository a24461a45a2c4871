// placeOrder: draws the next short order number (BS-10042) from this region's counter. Each region
// counts on its own row (single writer per item, as for stock rows), and a region other than the
// primary marks its numbers with a letter, so two regions never hand out the same number.
// A repeat of a placed order (same idempotency key) keeps the number it already has, and an order
// another region placed is numbered by that region (only the owning region writes an order).
import { runtime, util } from '@aws-appsync/utils';

const MARKS = { 'us-east-1': '', 'eu-west-1': 'E', 'ap-southeast-1': 'A' };

function regionMark(region) {
  const mark = MARKS[region];
  if (mark !== undefined) return mark;
  return region.split('-').map((part) => part.charAt(0)).join('').toUpperCase();
}

// ADD, not ddb.operations.increment: AWS renders increment as `SET next = next + 1`, which fails on
// the region's first order (the counter row does not exist yet); ADD starts a missing number at 0.
export function request(ctx) {
  const order = ctx.prev.result;
  if (order.orderNumber || order.homeRegion !== ctx.env.HOME_REGION) runtime.earlyReturn(order);
  return {
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues({ id: `SEQUENCE#ORDER_NUMBER#${ctx.env.HOME_REGION}` }),
    update: { expression: 'ADD #next :one', expressionNames: { '#next': 'next' }, expressionValues: util.dynamodb.toMapValues({ ':one': 1 }) },
  };
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  ctx.stash.orderNumber = `BS-${regionMark(ctx.env.HOME_REGION)}${10000 + ctx.result.next}`;
  return ctx.prev.result;
}
