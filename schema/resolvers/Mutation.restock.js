// restock(productId, quantity, note): goods received (positive) or written off (negative) in this
// region. A write-off may never take the stock below what orders have reserved.
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  const quantity = ctx.args.quantity;
  if (quantity === 0 || quantity > 100000 || quantity < -100000) {
    util.error('quantity must be a non-zero number of units between -100000 and 100000', 'ValidationError');
  }
  if (ctx.args.note && ctx.args.note.length > 500) util.error('note must be at most 500 characters', 'ValidationError');
  return {};
}

export function response(ctx) {
  return ctx.stash.product;
}
