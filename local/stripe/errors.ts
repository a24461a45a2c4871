// Stripe's error object and HTTP statuses (https://docs.stripe.com/api/errors): the body is
// `{"error": {type, code?, decline_code?, message, param?, payment_intent?, ...}}`; 400 invalid
// parameters, 401 no valid key, 402 the request failed (a declined card), 404 a missing object,
// 409 a conflict with another request (the same idempotency key), 429 too many requests, 5xx ours.

export type StripeErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export interface StripeErrorBody {
  readonly type: StripeErrorType;
  readonly message: string;
  readonly code?: string;
  readonly decline_code?: string;
  readonly param?: string;
  readonly doc_url?: string;
  readonly charge?: string;
  readonly payment_intent?: unknown;
  readonly payment_method?: unknown;
}

export class StripeApiError extends Error {
  override readonly name = 'StripeApiError';
  readonly status: number;
  readonly body: StripeErrorBody;
  /**
   * Errors raised before an endpoint starts executing (validation, transient faults at the edge)
   * are not saved against an idempotency key; Stripe saves results only once execution begins
   * (https://docs.stripe.com/api/idempotent_requests).
   */
  readonly beforeExecution: boolean;
  /** Extra response headers (Stripe-Should-Retry). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, body: StripeErrorBody, options: { beforeExecution?: boolean; headers?: Record<string, string> } = {}) {
    super(body.message);
    this.status = status;
    this.body = body;
    this.beforeExecution = options.beforeExecution ?? false;
    this.headers = options.headers ?? {};
  }
}

const docUrl = (code: string) => `https://docs.stripe.com/error-codes/${code.replaceAll('_', '-')}`;

export function invalidRequest(message: string, options: { param?: string; code?: string; status?: number } = {}): StripeApiError {
  const { param, code, status = 400 } = options;
  return new StripeApiError(status, {
    type: 'invalid_request_error', message, ...(code && { code, doc_url: docUrl(code) }), ...(param && { param }),
  }, { beforeExecution: true });
}

export function missingParam(param: string): StripeApiError {
  return invalidRequest(`Missing required param: ${param}.`, { param, code: 'parameter_missing' });
}

export function unknownParam(param: string): StripeApiError {
  return invalidRequest(`Received unknown parameter: ${param}`, { param, code: 'parameter_unknown' });
}

export function resourceMissing(kind: string, id: string, param = 'id'): StripeApiError {
  return invalidRequest(`No such ${kind}: '${id}'`, { param, code: 'resource_missing', status: 404 });
}

/** A PaymentIntent in the wrong status for the call: Stripe's payment_intent_unexpected_state. */
export function unexpectedState(message: string, intent: unknown): StripeApiError {
  return new StripeApiError(400, {
    type: 'invalid_request_error', code: 'payment_intent_unexpected_state', doc_url: docUrl('payment_intent_unexpected_state'),
    message, payment_intent: intent,
  });
}

export function authenticationError(message: string): StripeApiError {
  return new StripeApiError(401, { type: 'invalid_request_error', message }, { beforeExecution: true });
}

export function idempotencyMismatch(key: string): StripeApiError {
  return new StripeApiError(400, {
    type: 'idempotency_error',
    message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
  }, { beforeExecution: true });
}

export function idempotencyKeyInUse(key: string): StripeApiError {
  return new StripeApiError(409, {
    type: 'invalid_request_error', code: 'idempotency_key_in_use', doc_url: docUrl('idempotency_key_in_use'),
    message: `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
  }, { beforeExecution: true });
}

/** A transient failure decided at the edge (drill switches, tok_flaky): nothing ran, nothing is saved. */
export function transientApiError(message: string): StripeApiError {
  return new StripeApiError(500, { type: 'api_error', message }, { beforeExecution: true, headers: { 'Stripe-Should-Retry': 'true' } });
}

/** Stripe's rate limiter (https://docs.stripe.com/rate-limits): 429 with code rate_limit. */
export function rateLimited(message: string): StripeApiError {
  return new StripeApiError(429, {
    type: 'invalid_request_error', code: 'rate_limit', doc_url: docUrl('rate_limit'), message,
  }, { beforeExecution: true });
}

export function cardDeclined(fields: { message: string; declineCode: string; charge: string; intent: unknown; paymentMethod: unknown }): StripeApiError {
  return new StripeApiError(402, {
    type: 'card_error', code: 'card_declined', decline_code: fields.declineCode, doc_url: docUrl('card_declined'),
    message: fields.message, charge: fields.charge, payment_intent: fields.intent, payment_method: fields.paymentMethod,
  });
}

export function errorBody(error: StripeApiError): string {
  return JSON.stringify({ error: error.body });
}
