// Product.stockByRegion (catalogue, warehouse): every region's allocation row for the product
// (PRODUCT#<id> / REGION#<region>), so staff see where the stock is, not only this region's.
// The Inventory table is a global table: each region's rows replicate to every other.
import * as ddb from '@aws-appsync/utils/dynamodb';
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  return ddb.query({ query: { pk: { eq: `PRODUCT#${ctx.source.id}` }, sk: { beginsWith: 'REGION#' } } });
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return ctx.result.items.map((row) => ({ region: row.sk.slice('REGION#'.length), available: row.available ?? 0, reserved: row.reserved ?? 0 }));
}
