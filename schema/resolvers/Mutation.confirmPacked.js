// confirmPacked(orderId, packages): the warehouse reports an order packed; the Fulfilment saga's
// packing step succeeds and the saga marks it PACKED, captures the payment and books the shipment.
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  if (ctx.args.packages < 1 || ctx.args.packages > 100) util.error('packages must be between 1 and 100', 'ValidationError');
  return {};
}

export function response(ctx) {
  return ctx.prev.result;
}
