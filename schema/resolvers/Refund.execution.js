// Refund.execution: the refund's saga (executions are named refund-<id>), or null before it starts.
export function request(ctx) {
  const machine = ctx.env.REFUND_STATE_MACHINE_ARN;
  ctx.stash.executionArn = `${machine.replace(':stateMachine:', ':execution:')}:refund-${ctx.source.id}`;
  ctx.stash.missingIsNull = true;
  return {};
}

export function response(ctx) {
  return ctx.prev.result;
}
