// What each typed error means to the person in front of the page (API.md §1 error types, the
// tasks' transient errors, and the platform's own). Every errorType has a sentence; the server's
// detail is added only where it helps (validation, state), with field paths and statuses in words.
import { ApiError } from './api/client.ts';
import { formatDate, formatMoney, humanStatus } from './format.ts';
import { orderIdsInText } from './order-ids.ts';

const messages: Record<string, string> = {
  OutOfStock: 'Sorry, we do not have enough of one of your items in stock. Lower the quantity or remove it; nothing was charged.',
  PriceMismatch: 'A price in your cart has changed since you added it. We have refreshed the prices: please check your total and pay again.',
  ProductNotFound: 'One of your items is no longer on sale. Remove it from your cart to continue.',
  AgeRestricted: 'We can only sell tobacco to adults of legal smoking age at the destination (21 in the United States).',
  ShippingRestricted: 'We cannot ship tobacco to that country. Please choose another delivery address.',
  PaymentDeclined: 'Your card was declined. No money was taken: try another card.',
  ValidationError: 'Some details are not valid',
  IdempotencyConflict: 'This was already submitted with different details. Reload the page and try again.',
  InvalidState: 'That cannot be done now',
  NotFound: 'We could not find that. It may have been removed, or it is not yours to see.',
  Unauthorized: 'Your account is not allowed to do that.',
  UnauthorizedException: 'Your session has expired. Please sign in again.',
  SignInRequired: 'Please sign in first.',
  NetworkError: 'We could not reach the shop. Check your connection and try again.',
  BadRequest: 'The shop could not read that request. Check the values you entered and try again.',
  // Outages and transient failures: nothing is lost, and people should know what to do.
  PaymentProviderUnavailable: 'Our payment provider is not answering right now. Nothing was charged: please try again in a few minutes.',
  CarrierUnavailable: 'The carrier is not answering right now. Your order is safe and will continue once it is back.',
  StorageContention: 'The shop is very busy right now. Please try again in a moment.',
  OperationInProgress: 'This is already being handled. Wait a moment and reload the page.',
  EventBusUnavailable: 'The shop could not send an update just now. Your change is saved; the page may take a moment to catch up.',
  DependencyUnavailable: 'A service the shop relies on is not answering. Please try again in a few minutes.',
  CheckoutFailed: 'We could not complete your checkout. Nothing was charged: please try again.',
  InternalFailure: 'Something went wrong on our side. Nothing was charged; please try again.',
  OrderCancelled: 'This order has been cancelled.',
  PackingFailed: 'The warehouse could not pack this order.',
  DeliveryFailed: 'The delivery failed.',
  // Multi-region (API.md §8): the order belongs to another region, which the app retries once.
  WrongRegion: 'This order is handled by another of our regions and could not be reached just now. Please try again in a moment.',
  ExecutionLimitExceeded: 'Too many workflows are running right now. Please try again in a minute.',
  ExecutionDoesNotExist: 'That workflow run no longer exists.',
};

// Field paths the API names in ValidationError messages, as the forms label them.
const FIELDS: Record<string, string> = {
  'deliveryAddress.name': 'Full name', 'deliveryAddress.line1': 'Address line 1', 'deliveryAddress.line2': 'Address line 2',
  'deliveryAddress.city': 'City', 'deliveryAddress.postalCode': 'Postal code', 'deliveryAddress.country': 'Country',
  'deliveryAddress.region': 'State or region', deliveryAddress: 'The delivery address', paymentToken: 'The card',
  'price.amount': 'Price', 'price.currency': 'Currency', price: 'Price', name: 'Name', brand: 'Brand', category: 'Category',
  idempotencyKey: 'The request', expectedUpdatedAt: 'The product version',
  line1: 'Address line 1', city: 'City', postalCode: 'Postal code', country: 'Country', quantity: 'Quantity', note: 'Note', reason: 'Reason',
};


/** Server detail in words: field paths as labels, STATUS_WORDS as "status words", ids shortened. */
export function humaniseDetail(detail: string): string {
  let text = detail;
  // One pass over every path, longest first, so a label is never rewritten again ("Full name").
  const paths = Object.keys(FIELDS).sort((a, b) => b.length - a.length).map((path) => path.replace(/\./g, '\\.'));
  text = text.replace(new RegExp(`(^|[\\s;(])(${paths.join('|')})(?=[\\s;:,.)]|$)`, 'g'), (_m, before: string, path: string) => `${before}${FIELDS[path] ?? path}`);
  text = text.replace(/\b([A-Z]{2,}(?:_[A-Z]+)*)\b/g, (word) => (/^(USD|EUR|GBP|ISO|US|BS)$/.test(word) ? word : humanStatus(word).toLowerCase()));
  text = text.replace(orderIdsInText, (id) => `…${id.slice(-6)}`);
  text = text.replace(/\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z\b/g, (iso) => formatDate(iso));
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A sentence for people, with the server's detail where it helps (validation, state). */
export function describeError(error: unknown): string {
  const apiError = error instanceof ApiError ? error : new ApiError('NetworkError', String((error as Error)?.message ?? error));
  const refundable = (apiError.info as { refundable?: { amount: number; currency: string } } | undefined)?.refundable;
  if (apiError.type === 'ValidationError' && refundable) return `At most ${formatMoney(refundable)} can still be refunded.`;
  const text = messages[apiError.type];
  if (!text) return 'Something went wrong. Please try again, and tell support if it keeps happening.';
  if (apiError.type === 'ValidationError' || apiError.type === 'InvalidState') return `${text}: ${humaniseDetail(apiError.message)}`;
  return text;
}

export function errorType(error: unknown): string {
  return error instanceof ApiError ? error.type : 'Error';
}

/** Every error type with a sentence (the tests check each reads as words, not codes). */
export const KNOWN_ERROR_TYPES = Object.keys(messages);
