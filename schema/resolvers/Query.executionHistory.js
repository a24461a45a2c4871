// executionHistory(executionArn, nextToken): the execution's events (GetExecutionHistory), each with
// its details object as `detail`.
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  const body = { executionArn: ctx.args.executionArn, maxResults: 500, includeExecutionData: true };
  if (ctx.args.nextToken) body.nextToken = ctx.args.nextToken;
  return {
    method: 'POST',
    resourcePath: '/',
    params: {
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.GetExecutionHistory' },
      body: JSON.stringify(body),
    },
  };
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const body = JSON.parse(ctx.result.body);
  if (ctx.result.statusCode !== 200) {
    const type = body.__type ?? '';
    if (type.endsWith('ExecutionDoesNotExist')) util.error('Execution not found', 'NotFound');
    util.error(body.message ?? body.Message ?? 'Step Functions refused the request', type);
  }
  const events = body.events.map((event) => {
    const detailKey = Object.keys(event).find((key) => key.endsWith('EventDetails'));
    return {
      id: event.id,
      type: event.type,
      timestamp: util.time.epochMilliSecondsToISO8601(Math.round(event.timestamp * 1000)),
      previousEventId: event.previousEventId ?? null,
      detail: detailKey ? JSON.stringify(event[detailKey]) : null,
    };
  });
  return { executionArn: ctx.args.executionArn, events, nextToken: body.nextToken ?? null };
}
