// Turns anything a task or its libraries throw into a typed error: Powertools idempotency outcomes
// become the contract's names, AWS service faults become a retryable DependencyUnavailable, and a
// programming error stays what it is (it fails the execution in place, for support to read).
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyKeyError,
  IdempotencyPersistenceLayerError,
  IdempotencyValidationError,
} from '@aws-lambda-powertools/idempotency';
import {
  DependencyUnavailable,
  IdempotencyConflict,
  OperationInProgress,
  TaskError,
  ValidationError,
} from './errors.ts';

interface SdkErrorShape {
  readonly $fault?: 'client' | 'server';
  readonly $retryable?: unknown;
  readonly $metadata?: unknown;
  readonly code?: string;
}

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);
const throttlingNames = new Set(['ThrottlingException', 'ProvisionedThroughputExceededException',
  'RequestLimitExceeded', 'TooManyRequestsException', 'TimeoutError', 'InternalServerError', 'ServiceUnavailable']);

function isTransientSdkError(error: Error): boolean {
  const shape = error as Error & SdkErrorShape;
  if (shape.code !== undefined && networkCodes.has(shape.code)) return true;
  if (throttlingNames.has(error.name)) return true;
  return shape.$metadata !== undefined && (shape.$fault === 'server' || shape.$retryable !== undefined);
}

export function asTaskError(thrown: unknown): Error & { transient: boolean } {
  if (thrown instanceof TaskError) return thrown;
  if (thrown instanceof IdempotencyValidationError) {
    return new IdempotencyConflict('the idempotency key was already used with a different request');
  }
  if (thrown instanceof IdempotencyAlreadyInProgressError) {
    return new OperationInProgress('the same operation is still running; retry later');
  }
  if (thrown instanceof IdempotencyKeyError) {
    return new ValidationError('the request lacks the fields that identify the operation');
  }
  if (thrown instanceof IdempotencyPersistenceLayerError) {
    return new DependencyUnavailable(`idempotency store unavailable: ${thrown.message}`);
  }
  if (thrown instanceof Error) {
    if (isTransientSdkError(thrown)) return new DependencyUnavailable(`${thrown.name}: ${thrown.message}`);
    return Object.assign(thrown, { transient: false });
  }
  return Object.assign(new Error(String(thrown)), { transient: false });
}
