// Runs the EXPRESS Checkout workflow synchronously (StartSyncExecution on the sync-states endpoint).
// A FAILED execution's Error is the contract's errorType (OutOfStock, PaymentDeclined, ...), and its
// Cause the message the shopper reads.
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  return {
    method: 'POST',
    resourcePath: '/',
    params: {
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.StartSyncExecution' },
      body: JSON.stringify({ stateMachineArn: ctx.env.CHECKOUT_STATE_MACHINE_ARN, input: JSON.stringify(ctx.stash.checkoutInput) }),
    },
  };
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const body = JSON.parse(ctx.result.body);
  if (ctx.result.statusCode !== 200) util.error(body.message ?? body.Message ?? 'Checkout could not start', body.__type);
  if (body.status !== 'SUCCEEDED') {
    util.error(body.cause ?? 'Checkout did not complete', body.error ?? 'CheckoutFailed');
  }
  return JSON.parse(body.output);
}
