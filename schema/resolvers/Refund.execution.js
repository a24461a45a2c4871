// Refund.execution: the refund's saga (executions are named refund-<id>), or null before it starts.
export function request(ctx) {
  // The variable holds the alias ARN callers start; executions are named under the machine itself.
  const machine = ctx.env.REFUND_STATE_MACHINE_ARN.split(':').slice(0, 7).join(':');
  ctx.stash.executionArn = `${machine.replace(':stateMachine:', ':execution:')}:refund-${ctx.source.id}`;
  ctx.stash.missingIsNull = true;
  return {};
}

export function response(ctx) {
  return ctx.prev.result;
}
