// redriveExecution(executionArn): support restarts a failed STANDARD execution from the state that
// failed (RedriveExecution), then returns it as it now stands.
export function request(ctx) {
  ctx.stash.executionArn = ctx.args.executionArn;
  return {};
}

export function response(ctx) {
  return ctx.prev.result;
}
