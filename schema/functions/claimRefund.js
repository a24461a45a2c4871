// Creates the refund (REQUESTED) and claims its idempotency key in one transaction, so a key names
// exactly one refund. A repeat (the key already claimed) skips this step.
import { runtime, util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';

function requesterName(claims, fallback) {
  if (claims.name) return claims.name;
  if (claims.given_name) return `${claims.given_name} ${claims.family_name ?? ''}`.trim();
  return fallback;
}

export function request(ctx) {
  if (ctx.stash.refundId) runtime.earlyReturn(null);
  const input = ctx.args.input;
  const refundId = util.autoUlid();
  const at = util.time.nowISO8601();
  // Who asked, in words finance can read: the ID token's email and name (a shopper's own request
  // falls back to the order's delivery name).
  const claims = ctx.identity.claims ?? {};
  const own = ctx.stash.order.userId === ctx.identity.sub;
  ctx.stash.refundId = refundId;
  return ddb.transactWrite({
    items: [
      {
        putItem: {
          table: ctx.env.REFUNDS_TABLE,
          key: { pk: `REFUND-KEY#${ctx.stash.order.id}`, sk: input.idempotencyKey },
          item: { refundId, request: ctx.stash.refundRequest, createdAt: at },
          condition: { pk: { attributeExists: false } },
        },
      },
      {
        putItem: {
          table: ctx.env.REFUNDS_TABLE,
          key: { pk: `REFUND#${refundId}`, sk: 'REFUND' },
          item: {
            recordType: 'REFUND', id: refundId, orderId: ctx.stash.order.id, amount: input.amount, reason: input.reason,
            status: 'REQUESTED', requestedBy: ctx.identity.sub,
            requesterEmail: claims.email ?? null, requesterName: requesterName(claims, own ? ctx.stash.order.deliveryAddress.name : null), items: input.items ?? [], steps: [], createdAt: at, updatedAt: at,
          },
        },
      },
    ],
  });
}

export function response(ctx) {
  if (ctx.error) {
    if (ctx.error.type === 'DynamoDB:TransactionCanceledException') {
      util.error('A request with this idempotency key is already being handled; try again', 'IdempotencyConflict');
    }
    util.error(ctx.error.message, ctx.error.type);
  }
  return ctx.result;
}
