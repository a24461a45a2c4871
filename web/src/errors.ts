// What each typed error means to the person in front of the page (API.md §1 error types).
import { ApiError } from './api/client.ts';

const messages: Record<string, string> = {
  OutOfStock: 'Sorry, we do not have enough of one of your items in stock. Lower the quantity or remove it; nothing was charged.',
  PriceMismatch: 'A price in your cart has changed since you added it. We have refreshed the prices: please check your total and pay again.',
  ProductNotFound: 'One of your items is no longer on sale. Remove it from your cart to continue.',
  AgeRestricted: 'We can only sell tobacco to adults of legal smoking age at the destination (21 in the United States).',
  ShippingRestricted: 'We cannot ship tobacco to that country. Please choose another delivery address.',
  PaymentDeclined: 'Your card was declined. No money was taken: try another card.',
  ValidationError: 'Some details are not valid',
  IdempotencyConflict: 'This checkout was already submitted with different details. Reload the page and try again.',
  InvalidState: 'That cannot be done in its current state',
  NotFound: 'We could not find that. It may have been removed, or it is not yours to see.',
  Unauthorized: 'Your account is not allowed to do that.',
  UnauthorizedException: 'Your session has expired. Please sign in again.',
  SignInRequired: 'Please sign in first.',
  NetworkError: 'We could not reach the shop. Check your connection and try again.',
};

/** A sentence for people, with the server's detail where it helps (validation, state). */
export function describeError(error: unknown): string {
  const apiError = error instanceof ApiError ? error : new ApiError('NetworkError', String((error as Error)?.message ?? error));
  const text = messages[apiError.type];
  if (!text) return apiError.message;
  if (apiError.type === 'ValidationError' || apiError.type === 'InvalidState') return `${text}: ${apiError.message}`;
  return text;
}

export function errorType(error: unknown): string {
  return error instanceof ApiError ? error.type : 'Error';
}
