// ExecutionSummary.failure: the error and cause of an execution that did not succeed. Summaries from
// DescribeExecution carry it already; those from ListExecutions are described here.
import { runtime, util } from '@aws-appsync/utils';

export function request(ctx) {
  if (ctx.source.failure !== undefined) runtime.earlyReturn(ctx.source.failure);
  if (ctx.source.status === 'RUNNING' || ctx.source.status === 'SUCCEEDED') runtime.earlyReturn(null);
  return {
    method: 'POST',
    resourcePath: '/',
    params: {
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.DescribeExecution' },
      body: JSON.stringify({ executionArn: ctx.source.executionArn }),
    },
  };
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const body = JSON.parse(ctx.result.body);
  if (ctx.result.statusCode !== 200) util.error(body.message ?? body.Message ?? 'Step Functions refused the request', body.__type);
  return { error: body.error ?? null, cause: body.cause ?? null };
}
