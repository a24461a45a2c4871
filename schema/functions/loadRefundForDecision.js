// decideRefund: the refund must wait for approval, and its requester may not decide it. The answer
// goes to the Refund saga's approval step, which records the decision and refunds or rejects.
import { util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
  return ddb.get({ key: { pk: `REFUND#${ctx.args.id}`, sk: 'REFUND' }, consistentRead: true });
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const refund = ctx.result;
  if (!refund) util.error('Refund not found', 'NotFound');
  if (refund.status !== 'AWAITING_APPROVAL' || !refund.approvalTaskToken) {
    util.error(`Refund ${refund.id} is ${refund.status}, not waiting for approval`, 'InvalidState');
  }
  if (refund.requestedBy === ctx.identity.sub) util.error('You may not decide a refund you requested', 'Unauthorized');
  ctx.stash.refund = refund;
  ctx.stash.taskOutcome = {
    token: refund.approvalTaskToken,
    output: { approved: ctx.args.approve, decidedBy: ctx.identity.sub, note: ctx.args.note ?? null },
  };
  return refund;
}
