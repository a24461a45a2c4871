// Starts the refund's STANDARD saga, named refund-<id>. Step Functions makes the start idempotent:
// the same name and input while it runs returns the same execution; once it has finished, the name
// is taken (ExecutionAlreadyExists), which for a repeated request means there is nothing to start.
// After an adoption the name carries the order's epoch (refund-<id>-e<epoch>), which the tasks'
// ownership guard reads: an execution of an earlier ownership stops without acting.
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  const refund = ctx.stash.refund;
  const input = {
    refundId: refund.id, orderId: refund.orderId, amount: refund.amount, reason: refund.reason,
    requestedBy: refund.requestedBy, items: refund.items,
  };
  const epoch = ctx.stash.order.ownerEpoch ?? 0;
  const name = epoch === 0 ? `refund-${refund.id}` : `refund-${refund.id}-e${epoch}`;
  return {
    method: 'POST',
    resourcePath: '/',
    params: {
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.StartExecution' },
      body: JSON.stringify({ stateMachineArn: ctx.env.REFUND_STATE_MACHINE_ARN, name, input: JSON.stringify(input) }),
    },
  };
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  if (ctx.result.statusCode === 200) return JSON.parse(ctx.result.body);
  const body = JSON.parse(ctx.result.body);
  const type = body.__type ?? '';
  if (type.endsWith('ExecutionAlreadyExists')) return null;
  util.error(body.message ?? body.Message ?? 'The refund could not start', type);
}
