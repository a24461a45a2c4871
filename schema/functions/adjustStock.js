// Adjusts this region's allocation row and records the movement, in one transaction. `available`
// is what orders can still reserve, so a write-off must leave it at zero or more.
import { util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
  const { productId, quantity, note } = ctx.args;
  const region = ctx.env.HOME_REGION;
  const now = util.time.nowISO8601();
  const stockUpdate = {
    key: { pk: `PRODUCT#${productId}`, sk: `REGION#${region}` },
    update: {
      available: ddb.operations.increment(quantity),
      productId,
      region,
      updatedAt: now,
    },
  };
  if (quantity < 0) stockUpdate.condition = { available: { ge: -quantity } };
  return ddb.transactWrite({
    items: [
      { updateItem: { ...stockUpdate, table: ctx.env.INVENTORY_TABLE } },
      {
        putItem: {
          table: ctx.env.INVENTORY_TABLE,
          key: { pk: `PRODUCT#${productId}`, sk: `MOVEMENT#${now}#${util.autoUlid()}` },
          item: { quantity, note: note ?? null, by: ctx.identity.username, at: now, region },
        },
      },
    ],
  });
}

export function response(ctx) {
  if (ctx.error) {
    if (ctx.error.type === 'DynamoDB:TransactionCanceledException') {
      util.error('A write-off cannot take the stock below what is reserved for orders', 'ValidationError');
    }
    util.error(ctx.error.message, ctx.error.type);
  }
  return ctx.stash.product;
}
