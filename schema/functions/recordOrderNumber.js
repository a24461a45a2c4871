// placeOrder: writes the drawn order number and the customer's look-up fields (email from the ID
// token, the delivery name in lower case for staff's name search) onto the stored order, once.
// The answer is the order as Checkout stored it plus these fields (the saga may already have moved
// the stored status on; placeOrder answers with the placed order).
import { runtime, util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
  if (!ctx.stash.orderNumber) runtime.earlyReturn(ctx.prev.result);
  const order = ctx.prev.result;
  const email = (ctx.identity.claims ?? {}).email;
  const update = { orderNumber: ctx.stash.orderNumber, customerNameLower: order.deliveryAddress.name.toLowerCase() };
  if (email) update.customerEmail = email.toLowerCase();
  ctx.stash.customerFields = update;
  return ddb.update({ key: { id: order.id }, update, condition: { orderNumber: { attributeExists: false } } });
}

export function response(ctx) {
  if (ctx.error) {
    // A concurrent repeat numbered it first: answer with the order as stored.
    if (ctx.error.type === 'DynamoDB:ConditionalCheckFailedException') return ctx.prev.result;
    util.error(ctx.error.message, ctx.error.type);
  }
  return { ...ctx.prev.result, ...ctx.stash.customerFields };
}
