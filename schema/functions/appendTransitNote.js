// updateDelivery: the carrier's news becomes a history entry (status stays SHIPPED). IN_TRANSIT
// always adds one; DELIVERED and FAILED add the delivery person's note, when there is one, before
// the saga moves on, so the shopper reads it ("Signed for by …", "Parcel returned: refused").
import { runtime, util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
  const transit = ctx.args.status === 'IN_TRANSIT';
  if (!transit && !ctx.args.note) runtime.earlyReturn(null);
  const at = util.time.nowISO8601();
  return ddb.update({
    key: { id: ctx.stash.order.id },
    update: {
      updatedAt: at,
      history: ddb.operations.append([{ status: 'SHIPPED', at, note: ctx.args.note ?? 'In transit' }]),
    },
    condition: { status: { eq: 'SHIPPED' } },
  });
}

export function response(ctx) {
  if (ctx.error) {
    if (ctx.error.type === 'DynamoDB:ConditionalCheckFailedException') util.error('The order is no longer SHIPPED', 'InvalidState');
    util.error(ctx.error.message, ctx.error.type);
  }
  ctx.stash.order = ctx.result;
  // Only an in-transit report is announced here; delivered and failed are announced by the saga.
  if (ctx.args.status === 'IN_TRANSIT') ctx.stash.publishAt = ctx.result.updatedAt;
  return ctx.result;
}
