// Answers a waiting saga step: SendTaskSuccess with ctx.stash.taskOutcome.output, or SendTaskFailure
// with its error and cause. Nothing to send: skipped. A token that no longer waits (answered or
// timed out) is InvalidState, unless the caller only meant to stop a wait (staleTokenIsFine).
import { runtime, util } from '@aws-appsync/utils';

export function request(ctx) {
  const outcome = ctx.stash.taskOutcome;
  if (!outcome) runtime.earlyReturn(null);
  const target = outcome.error ? 'AWSStepFunctions.SendTaskFailure' : 'AWSStepFunctions.SendTaskSuccess';
  const body = outcome.error
    ? { taskToken: outcome.token, error: outcome.error, cause: outcome.cause }
    : { taskToken: outcome.token, output: JSON.stringify(outcome.output) };
  return {
    method: 'POST',
    resourcePath: '/',
    params: {
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target },
      body: JSON.stringify(body),
    },
  };
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  if (ctx.result.statusCode === 200) return true;
  const body = JSON.parse(ctx.result.body);
  const type = body.__type ?? '';
  const stale = type.endsWith('TaskDoesNotExist') || type.endsWith('InvalidToken') || type.endsWith('TaskTimedOut');
  if (stale && ctx.stash.staleTokenIsFine) return false;
  if (stale) util.error('The step is no longer waiting for this answer', 'InvalidState');
  util.error(body.message ?? body.Message ?? 'Step Functions refused the answer', type);
}
