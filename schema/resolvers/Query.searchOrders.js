// searchOrders(filter): staff's orders index. A customer's orders by email (byCustomer index) or
// the orders in a status (byStatus), either within a date range on createdAt, newest or oldest
// first, optionally narrowed to delivery names containing a text (a filter on the page read).
import * as ddb from '@aws-appsync/utils/dynamodb';
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  const f = ctx.args.filter;
  const limit = ctx.args.limit ?? 20;
  if (limit < 1 || limit > 100) util.error('limit must be between 1 and 100', 'ValidationError');
  const email = (f.email ?? '').trim().toLowerCase();
  const filter = {};
  let index = 'byStatus';
  let query = {};
  if (email) {
    index = 'byCustomer';
    query = { customerEmail: { eq: email } };
    if (f.status) filter.status = { eq: f.status };
  } else if (f.status) {
    query = { status: { eq: f.status } };
  } else {
    util.error('Search by a customer email or an order status', 'ValidationError');
  }
  if (f.from || f.to) query.createdAt = { between: [f.from ?? '0000-01-01T00:00:00.000Z', f.to ?? '9999-12-31T23:59:59.999Z'] };
  const name = (f.name ?? '').trim().toLowerCase();
  if (name) filter.customerNameLower = { contains: name };
  const request = { index, query, scanIndexForward: f.sort === 'OLDEST', limit, nextToken: ctx.args.nextToken ?? undefined };
  if (Object.keys(filter).length > 0) request.filter = filter;
  return ddb.query(request);
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return { items: ctx.result.items, nextToken: ctx.result.nextToken ?? null };
}
