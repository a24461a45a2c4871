// orderByNumber: the order with a short number, through the Orders byNumber index. People type
// "bs 10042", "10042" or "BS-10042"; all mean the same order.
import { util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';

function normalise(text) {
  const compact = text.trim().toUpperCase().split(' ').join('').split('-').join('');
  const bare = compact.startsWith('BS') ? compact.slice(2) : compact;
  return `BS-${bare}`;
}

export function request(ctx) {
  const number = normalise(ctx.args.number);
  if (number.length < 4 || number.length > 24) util.error('An order number looks like BS-10042', 'ValidationError');
  ctx.stash.orderNumber = number;
  return ddb.query({ index: 'byNumber', query: { orderNumber: { eq: number } }, limit: 1 });
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const order = ctx.result.items[0];
  if (!order) util.error(`No order has the number ${ctx.stash.orderNumber}`, 'NotFound');
  return order;
}
