// Every error a task throws. The class name is the error's `name`, which Lambda reports as the
// errorType and Step Functions matches in ErrorEquals, so renaming a class changes the ASL contract.
// Business errors are final (caught and compensated); transient ones are retried with backoff and,
// when retries run out, left uncaught so the execution fails in place for a redrive.

export abstract class TaskError extends Error {
  /** True when a retry may succeed (an outage, a conflict); false for a business decision. */
  abstract readonly transient: boolean;
}

abstract class BusinessError extends TaskError {
  readonly transient = false;
}

abstract class TransientError extends TaskError {
  readonly transient = true;
}

// Business errors: the request or the order's state makes the step impossible.
export class ValidationError extends BusinessError {
  constructor(message: string) { super(message); this.name = 'ValidationError'; }
}
export class ProductNotFound extends BusinessError {
  constructor(message: string) { super(message); this.name = 'ProductNotFound'; }
}
export class PriceMismatch extends BusinessError {
  constructor(message: string) { super(message); this.name = 'PriceMismatch'; }
}
export class OutOfStock extends BusinessError {
  constructor(message: string) { super(message); this.name = 'OutOfStock'; }
}
export class PaymentDeclined extends BusinessError {
  constructor(message: string, options?: ErrorOptions) { super(message, options); this.name = 'PaymentDeclined'; }
}
export class AgeRestricted extends BusinessError {
  constructor(message: string) { super(message); this.name = 'AgeRestricted'; }
}
export class ShippingRestricted extends BusinessError {
  constructor(message: string) { super(message); this.name = 'ShippingRestricted'; }
}
export class OrderCancelled extends BusinessError {
  constructor(message: string) { super(message); this.name = 'OrderCancelled'; }
}
export class InvalidState extends BusinessError {
  constructor(message: string) { super(message); this.name = 'InvalidState'; }
}
export class NotFound extends BusinessError {
  constructor(message: string) { super(message); this.name = 'NotFound'; }
}
export class PackingFailed extends BusinessError {
  constructor(message: string) { super(message); this.name = 'PackingFailed'; }
}
export class DeliveryFailed extends BusinessError {
  constructor(message: string) { super(message); this.name = 'DeliveryFailed'; }
}
/**
 * The order is owned by another region or a later epoch (it was adopted after its region was
 * declared lost): this region's execution stops without acting. A business outcome, never redriven.
 */
export class OrderAdopted extends BusinessError {
  constructor(message: string) { super(message); this.name = 'OrderAdopted'; }
}
/** The same idempotency key was used with a different request body. */
export class IdempotencyConflict extends BusinessError {
  constructor(message: string) { super(message); this.name = 'IdempotencyConflict'; }
}

// Transient errors: an outside party or a shared resource is briefly unavailable.
export class PaymentProviderUnavailable extends TransientError {
  constructor(message: string, options?: ErrorOptions) { super(message, options); this.name = 'PaymentProviderUnavailable'; }
}
export class CarrierUnavailable extends TransientError {
  constructor(message: string) { super(message); this.name = 'CarrierUnavailable'; }
}
/** A DynamoDB transaction lost a race (TransactionConflict) or an item was busy. */
export class StorageContention extends TransientError {
  constructor(message: string) { super(message); this.name = 'StorageContention'; }
}
/** The same operation is already running (Powertools found an in-progress idempotency record). */
export class OperationInProgress extends TransientError {
  constructor(message: string) { super(message); this.name = 'OperationInProgress'; }
}
export class EventBusUnavailable extends TransientError {
  constructor(message: string) { super(message); this.name = 'EventBusUnavailable'; }
}
/** An AWS service (DynamoDB, EventBridge, Step Functions) failed after the SDK's own retries. */
export class DependencyUnavailable extends TransientError {
  constructor(message: string) { super(message); this.name = 'DependencyUnavailable'; }
}

/** Error names the workflows retry (ASL Retry ErrorEquals), besides Lambda's own service errors. */
export const transientErrorNames = [
  'PaymentProviderUnavailable',
  'CarrierUnavailable',
  'StorageContention',
  'OperationInProgress',
  'EventBusUnavailable',
  'DependencyUnavailable',
] as const;
