// Adjusts this region's allocation row and records the movement, in one transaction. `available`
// is what orders can still reserve, so a write-off must leave it at zero or more.
import { util } from '@aws-appsync/utils';
// The request is written out rather than built with ddb.operations.increment: AWS renders increment
// as `SET available = available + :n`, which fails on a region's first allocation row; ADD starts a
// missing number at 0.
export function request(ctx) {
  const { productId, quantity, note } = ctx.args;
  const region = ctx.env.HOME_REGION;
  const now = util.time.nowISO8601();
  const stockUpdate = {
    table: ctx.env.INVENTORY_TABLE,
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues({ pk: `PRODUCT#${productId}`, sk: `REGION#${region}` }),
    update: {
      expression: 'SET #productId = :productId, #region = :region, #updatedAt = :updatedAt ADD #available :available',
      expressionNames: { '#productId': 'productId', '#region': 'region', '#updatedAt': 'updatedAt', '#available': 'available' },
      expressionValues: util.dynamodb.toMapValues({ ':productId': productId, ':region': region, ':updatedAt': now, ':available': quantity }),
    },
  };
  if (quantity < 0) {
    stockUpdate.condition = {
      expression: '(#available >= :available_ge)',
      expressionNames: { '#available': 'available' },
      expressionValues: util.dynamodb.toMapValues({ ':available_ge': -quantity }),
    };
  }
  return {
    operation: 'TransactWriteItems',
    transactItems: [
      stockUpdate,
      {
        table: ctx.env.INVENTORY_TABLE,
        operation: 'PutItem',
        key: util.dynamodb.toMapValues({ pk: `PRODUCT#${productId}`, sk: `MOVEMENT#${now}#${util.autoUlid()}` }),
        attributeValues: util.dynamodb.toMapValues({ quantity, note: note ?? null, by: ctx.identity.username, at: now, region }),
      },
    ],
  };
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
