// orderExecutions(orderId): the order's fulfilment saga (executions are named order-<id>); its
// refund sagas are on each Refund's execution field.
export function request(ctx) {
  // The variable holds the alias ARN callers start; executions are named under the machine itself.
  const machine = ctx.env.FULFILMENT_STATE_MACHINE_ARN.split(':').slice(0, 7).join(':');
  ctx.stash.executionArn = `${machine.replace(':stateMachine:', ':execution:')}:order-${ctx.args.orderId}`;
  ctx.stash.missingIsNull = true;
  return {};
}

export function response(ctx) {
  return ctx.prev.result ? [ctx.prev.result] : [];
}
