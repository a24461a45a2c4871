// What an order id looks like: a name-based UUID (tasks/orders/order-id.ts), or a ULID for orders
// placed before ids were derived from the shopper and the idempotency key.
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ulid = /^[0-9A-HJKMNP-TV-Z]{26}$/i;

/** Either kind of id inside a text (error messages name orders by id). */
export const orderIdsInText = /\b(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9A-HJKMNP-TV-Z]{26})\b/g;

export function isOrderId(text: string): boolean {
  return uuid.test(text) || ulid.test(text);
}

/** As stored: UUIDs in lower case, ULIDs in upper case (people paste either way). */
export function canonicalOrderId(text: string): string {
  return uuid.test(text) ? text.toLowerCase() : text.toUpperCase();
}
