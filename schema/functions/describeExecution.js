// DescribeExecution of ctx.stash.executionArn through the Step Functions HTTP data source, shaped
// as an ExecutionSummary. With ctx.stash.missingIsNull, an execution that does not exist is null.
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  return {
    method: 'POST',
    resourcePath: '/',
    params: {
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.DescribeExecution' },
      body: JSON.stringify({ executionArn: ctx.stash.executionArn }),
    },
  };
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const body = JSON.parse(ctx.result.body);
  if (ctx.result.statusCode !== 200) {
    const type = body.__type ?? '';
    if (type.endsWith('ExecutionDoesNotExist')) {
      if (ctx.stash.missingIsNull) return null;
      util.error('Execution not found', 'NotFound');
    }
    util.error(body.message ?? body.Message ?? 'Step Functions refused the request', type);
  }
  return {
    executionArn: body.executionArn,
    stateMachineArn: body.stateMachineArn,
    name: body.name,
    status: body.status,
    startDate: util.time.epochMilliSecondsToISO8601(Math.round(body.startDate * 1000)),
    stopDate: body.stopDate ? util.time.epochMilliSecondsToISO8601(Math.round(body.stopDate * 1000)) : null,
    redriveCount: body.redriveCount ?? 0,
    redriveStatus: body.redriveStatus ?? null,
    failure: body.error || body.cause ? { error: body.error ?? null, cause: body.cause ?? null } : null,
  };
}
