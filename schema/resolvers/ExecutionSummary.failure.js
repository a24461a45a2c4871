// ExecutionSummary.failure: the error and cause of an execution that did not succeed. Summaries from
// DescribeExecution carry it already; those from ListExecutions are described (describeExecution).
// An early return from a pipeline's request still runs its response (AppSync runtime utilities),
// with the returned value as ctx.prev.result, so it is shaped like a described summary.
import { runtime } from '@aws-appsync/utils';

export function request(ctx) {
  if (ctx.source.failure !== undefined) runtime.earlyReturn({ failure: ctx.source.failure });
  if (ctx.source.status === 'RUNNING' || ctx.source.status === 'SUCCEEDED') runtime.earlyReturn({ failure: null });
  ctx.stash.executionArn = ctx.source.executionArn;
  return {};
}

export function response(ctx) {
  return ctx.prev.result ? ctx.prev.result.failure : null;
}
