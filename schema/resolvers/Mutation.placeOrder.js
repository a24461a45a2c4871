// placeOrder(input): the synchronous checkout. The resolver checks the request's shape, then the
// EXPRESS Checkout workflow (StartSyncExecution) validates against the catalogue, reserves stock,
// authorises payment and stores the order; its typed failure becomes the field's errorType.
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  const input = ctx.args.input;
  const problems = [];
  if (input.idempotencyKey.length < 1 || input.idempotencyKey.length > 64) problems.push('idempotencyKey must be 1 to 64 characters');
  if (input.items.length === 0) problems.push('the cart is empty');
  if (input.items.length > 50) problems.push('at most 50 lines per order');
  input.items.forEach((item) => {
    if (item.quantity < 1 || item.quantity > 100) problems.push(`quantity of ${item.productId} must be between 1 and 100`);
  });
  const address = input.deliveryAddress;
  if (address.country.length !== 2) problems.push('deliveryAddress.country must be an ISO 3166-1 alpha-2 code');
  if (address.name.trim() === '' || address.line1.trim() === '' || address.city.trim() === '' || address.postalCode.trim() === '') {
    problems.push('deliveryAddress needs a name, line1, city and postalCode');
  }
  if (input.paymentToken.trim() === '') problems.push('paymentToken is required');
  if (problems.length > 0) util.error(problems.join('; '), 'ValidationError');

  ctx.stash.checkoutInput = {
    idempotencyKey: input.idempotencyKey,
    userId: ctx.identity.sub,
    birthdate: ctx.identity.claims.birthdate ?? null,
    items: input.items,
    deliveryAddress: address,
    paymentToken: input.paymentToken,
    expectedTotal: input.expectedTotal ?? null,
  };
  return {};
}

export function response(ctx) {
  return ctx.prev.result;
}
