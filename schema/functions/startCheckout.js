// Runs the EXPRESS Checkout workflow synchronously (StartSyncExecution on the sync-states endpoint).
// A FAILED execution's Error is the contract's errorType (OutOfStock, PaymentDeclined, ...), and its
// Cause the message the shopper reads.
import { util } from '@aws-appsync/utils';

// A task's Cause is Lambda's error JSON ({errorMessage, errorType, trace}): only the message is for
// the shopper; the trace stays in the execution's logs.
// Step Functions cuts a Cause at 32,768 characters; a cut one is not JSON and is not shown.
function failureMessage(cause) {
  if (!cause) return 'Checkout did not complete';
  if (cause.startsWith('{') && cause.endsWith('}')) return JSON.parse(cause).errorMessage ?? 'Checkout did not complete';
  if (cause.startsWith('{')) return 'Checkout did not complete';
  return cause;
}

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
    util.error(failureMessage(body.cause), body.error ?? 'CheckoutFailed');
  }
  return JSON.parse(body.output);
}
