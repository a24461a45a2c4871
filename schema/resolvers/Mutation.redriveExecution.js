// redriveExecution(executionArn): support restarts a failed STANDARD execution from the state that
// failed (RedriveExecution), then returns it as it now stands. Only the region that owns the order
// the saga belongs to may redrive it: its name (order-<id> or refund-<id>, `-e<epoch>` after an
// adoption) says which order or refund that is.
export function request(ctx) {
  const arn = ctx.args.executionArn;
  ctx.stash.executionArn = arn;
  const parts = arn.split(':');
  const name = parts.length > 7 ? parts[7] : '';
  const id = name.split('-').length > 1 ? name.split('-')[1] : '';
  if (name.startsWith('order-') && id) ctx.stash.orderIdForRegion = id;
  if (name.startsWith('refund-') && id) ctx.stash.refundIdForRegion = id;
  return {};
}

export function response(ctx) {
  return ctx.prev.result;
}
