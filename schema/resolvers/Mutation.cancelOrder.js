// cancelOrder(id): the owner or support cancels until the order ships; its pipeline marks the
// order, stops the packing wait with OrderCancelled and announces the change.
export function request() {
  return {};
}

export function response(ctx) {
  return ctx.stash.order;
}
