// RedriveExecution through the Step Functions HTTP data source. Step Functions' refusals become the
// contract's error types: an unknown execution is NotFound, one that cannot be redriven InvalidState.
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  return {
    method: 'POST',
    resourcePath: '/',
    params: {
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.RedriveExecution' },
      body: JSON.stringify({ executionArn: ctx.stash.executionArn, clientToken: util.autoId() }),
    },
  };
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const body = JSON.parse(ctx.result.body);
  if (ctx.result.statusCode !== 200) {
    const type = body.__type ?? '';
    const message = body.message ?? body.Message ?? 'Step Functions refused the redrive';
    if (type.endsWith('ExecutionDoesNotExist')) util.error(message, 'NotFound');
    if (type.endsWith('ExecutionNotRedrivable')) util.error(message, 'InvalidState');
    util.error(message, type);
  }
  return body;
}
