// Product.stock: units available in this region, from the warehouse's allocation row for the region
// (each region reserves only from its own row).
import * as ddb from '@aws-appsync/utils/dynamodb';
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  return ddb.get({ key: { pk: `PRODUCT#${ctx.source.id}`, sk: `REGION#${ctx.env.HOME_REGION}` } });
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return ctx.result ? ctx.result.available : 0;
}
