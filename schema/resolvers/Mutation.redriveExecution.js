// redriveExecution(executionArn): support restarts a failed STANDARD execution from the state that
// failed (RedriveExecution), then returns it as it now stands. Only the region that owns the order
// the saga belongs to may redrive it: its name (order-<id> or refund-<id>, `-e<epoch>` after an
// adoption) says which order or refund that is.
export function request(ctx) {
  const arn = ctx.args.executionArn;
  ctx.stash.executionArn = arn;
  const parts = arn.split(':');
  const name = parts.length > 7 ? parts[7] : '';
  if (name.startsWith('order-')) ctx.stash.orderIdForRegion = businessId(name.slice('order-'.length));
  if (name.startsWith('refund-')) ctx.stash.refundIdForRegion = businessId(name.slice('refund-'.length));
  return {};
}

/** The id in an execution name's tail: everything but an adoption's `-e<epoch>` suffix. */
function businessId(tail) {
  const cut = tail.lastIndexOf('-e');
  const epoch = cut > 0 ? tail.slice(cut + 2) : '';
  const isEpoch = epoch.length > 0 && epoch.split('').every((c) => '0123456789'.includes(c));
  return isEpoch ? tail.slice(0, cut) : tail;
}

export function response(ctx) {
  return ctx.prev.result;
}
