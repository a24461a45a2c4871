// cancelOrder's write: the owner or support may cancel until the order ships. A conditional update
// marks it CANCELLED with a history entry; every saga task checks for this before acting, and the
// saga compensates (release or restock, void or refund). The execution is never stopped:
// StopExecution would run no compensation.
import { util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';

const CANCELLABLE = ['PLACED', 'PACKING', 'PACKED'];

export function request(ctx) {
  const order = ctx.stash.order;
  const groups = ctx.identity.groups ?? [];
  if (order.userId !== ctx.identity.sub && !groups.includes('support')) {
    util.error('Only the order\'s owner or support may cancel it', 'Unauthorized');
  }
  if (!CANCELLABLE.includes(order.status)) {
    util.error(`Order ${order.id} is ${order.status}; it can be cancelled only until it ships`, 'InvalidState');
  }
  const at = util.time.nowISO8601();
  const by = order.userId === ctx.identity.sub ? 'the customer' : 'support';
  return ddb.update({
    key: { id: order.id },
    update: {
      status: 'CANCELLED',
      updatedAt: at,
      cancelledAt: at,
      cancelledBy: ctx.identity.sub,
      history: ddb.operations.append([{ status: 'CANCELLED', at, note: `Cancelled by ${by}` }]),
    },
    // Fenced: only while this region owns the order (loadReadableOrder checked; this makes it atomic).
    condition: { status: { in: CANCELLABLE }, homeRegion: { eq: ctx.env.HOME_REGION } },
  });
}

export function response(ctx) {
  if (ctx.error) {
    if (ctx.error.type === 'DynamoDB:ConditionalCheckFailedException') {
      util.error('The order moved on while it was being cancelled; it can be cancelled only until it ships', 'InvalidState');
    }
    util.error(ctx.error.message, ctx.error.type);
  }
  ctx.stash.order = ctx.result;
  ctx.stash.publishAt = ctx.result.updatedAt;
  return ctx.result;
}
