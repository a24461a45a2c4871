// The pass-through code of a pipeline resolver: its functions do the work; the last one's result is the field's.
export function request() {
  return {};
}

export function response(ctx) {
  return ctx.prev.result;
}
