// saveProduct(input): the catalogue team creates a product (no id) or changes one. A change is
// conditional on the updatedAt the editor saw, so two editors cannot overwrite each other.
import { util } from '@aws-appsync/utils';

// Prices in minor units: a product is never free, and a ceiling catches a mistyped extra digit.
const MIN_PRICE = 1;
const MAX_PRICE = 1000000;

export function request(ctx) {
  const input = ctx.args.input;
  const problems = [];
  if (input.name.trim().length === 0 || input.name.length > 200) problems.push('name must be 1 to 200 characters');
  if (input.brand.trim().length === 0) problems.push('brand is required');
  if (input.category.trim().length === 0) problems.push('category is required');
  if (input.price.amount < MIN_PRICE || input.price.amount > MAX_PRICE) problems.push('price must be between 0.01 and 10000.00');
  if (input.price.currency !== 'USD') problems.push('price.currency must be USD');
  if (input.id && !input.expectedUpdatedAt) problems.push('expectedUpdatedAt is required to change a product');
  if (problems.length > 0) util.error(problems.join('; '), 'ValidationError');

  ctx.stash.product = {
    id: input.id ?? util.autoId(),
    name: input.name,
    brand: input.brand,
    category: input.category,
    description: input.description ?? null,
    price: { amount: input.price.amount, currency: input.price.currency },
    imageUrl: input.imageUrl ?? null,
    onSale: input.onSale,
    // AppSync hands an AWSJSON argument to the resolver already parsed.
    attributes: input.attributes ?? null,
    updatedAt: util.time.nowISO8601(),
  };
  return {};
}

export function response(ctx) {
  return ctx.prev.result;
}
