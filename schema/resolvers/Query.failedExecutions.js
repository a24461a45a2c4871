// failedExecutions(stateMachine, limit, nextToken): FAILED executions of a STANDARD state machine,
// newest first (ListExecutions); each one's error and cause resolve through ExecutionSummary.failure.
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  const limit = ctx.args.limit ?? 20;
  if (limit < 1 || limit > 100) util.error('limit must be between 1 and 100', 'ValidationError');
  const invocationArn = ctx.args.stateMachine === 'Refund'
    ? ctx.env.REFUND_STATE_MACHINE_ARN
    : ctx.env.FULFILMENT_STATE_MACHINE_ARN;
  // Executions started through any alias or version are listed under the unqualified ARN.
  const stateMachineArn = invocationArn.split(':').slice(0, 7).join(':');
  const body = { stateMachineArn, statusFilter: 'FAILED', maxResults: limit };
  if (ctx.args.nextToken) body.nextToken = ctx.args.nextToken;
  return {
    method: 'POST',
    resourcePath: '/',
    params: {
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.ListExecutions' },
      body: JSON.stringify(body),
    },
  };
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const body = JSON.parse(ctx.result.body);
  if (ctx.result.statusCode !== 200) util.error(body.message ?? body.Message ?? 'Step Functions refused the request', body.__type);
  const items = body.executions.map((execution) => ({
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: util.time.epochMilliSecondsToISO8601(Math.round(execution.startDate * 1000)),
    stopDate: execution.stopDate ? util.time.epochMilliSecondsToISO8601(Math.round(execution.stopDate * 1000)) : null,
    redriveCount: execution.redriveCount ?? 0,
    redriveStatus: null,
  }));
  return { items, nextToken: body.nextToken ?? null };
}
