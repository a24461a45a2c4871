// The middy stack every task handler runs in: Powertools Logger, Tracer and Metrics, then the
// task's own function made idempotent by Powertools Idempotency (DynamoDB persistence on the
// Idempotency table) keyed on the business operation. Errors leave as the typed errors of errors.ts, whose
// names Step Functions matches in Retry and Catch.
import middy from '@middy/core';
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { tableName } from '../../infra/tables.ts';
import { clientGeneration, dynamoClient } from './clients.ts';
import { logger, metrics, tracing } from './observability.ts';
import { asTaskError } from './error-mapping.ts';
import { TaskError } from './errors.ts';
import { UNEXPECTED_ERROR_METRIC } from './metric-names.ts';
import { requireOwnership } from './order-guard.ts';

export interface TaskOptions<I, O> {
  /** The task's name: the registry key, the idempotency key prefix and the metric name. */
  readonly name: string;
  /** JMESPath over the event that names the business operation, e.g. `[orderId, executionId]`. */
  readonly idempotencyKey: string;
  /** JMESPath of the request body that must be identical on a replay (else IdempotencyConflict). */
  readonly payloadValidation?: string;
  /** How long a completed result is replayed instead of re-run (Powertools default: one hour). */
  readonly expiresAfterSeconds?: number;
  /**
   * A saga task on an existing order: before anything else (a replay included) it checks that this
   * region owns the order at the execution's epoch (order-guard.ts), from the event's `orderId`
   * and `executionId`.
   */
  readonly fenced?: boolean;
  readonly run: (input: I) => Promise<O>;
}

export type TaskHandler<I, O> = (event: I, context?: Partial<Context>) => Promise<O>;

const defaultTimeoutMillis = 30_000;

/**
 * Lambda always passes a context; an in-process runner or a test may pass a partial one. Powertools
 * needs the remaining time to expire in-progress records, so supply it from the configured timeout.
 */
function lambdaContextDefaults(taskName: string): MiddlewareObj {
  return {
    before: (request) => {
      const given = (request.context ?? {}) as Partial<Context>;
      const deadline = Date.now() + defaultTimeoutMillis;
      request.context = {
        functionName: taskName,
        functionVersion: '$LATEST',
        awsRequestId: given.awsRequestId ?? crypto.randomUUID(),
        memoryLimitInMB: '256',
        ...given,
        getRemainingTimeInMillis: given.getRemainingTimeInMillis ?? (() => Math.max(0, deadline - Date.now())),
      } as Context;
    },
  };
}

/** Maps whatever was thrown to a typed error and counts the outcome. */
function typedErrors(taskName: string): MiddlewareObj {
  return {
    before: () => {
      metrics.addMetric(`${taskName}Invoked`, MetricUnit.Count, 1);
    },
    onError: (request) => {
      const error = asTaskError(request.error);
      request.error = error;
      metrics.addMetric(`${taskName}Failed`, MetricUnit.Count, 1);
      const fields = { task: taskName, errorName: error.name, errorMessage: error.message };
      if (!(error instanceof TaskError)) {
        metrics.addMetric(UNEXPECTED_ERROR_METRIC, MetricUnit.Count, 1);
        logger.error('task failed unexpectedly', { ...fields, error });
      } else if (error.transient) logger.warn('task failed, retryable', fields);
      else logger.info('task ended with a business error', fields);
    },
  };
}

/** The fencing check of a `fenced` task, before the idempotency replay and the task itself. */
function ownershipGuard(): MiddlewareObj {
  return {
    before: async (request) => {
      const event = (request.event ?? {}) as { orderId?: unknown; executionId?: unknown };
      if (typeof event.orderId !== 'string' || event.orderId === '') return;
      await requireOwnership(event.orderId, typeof event.executionId === 'string' ? event.executionId : undefined);
    },
  };
}

function buildHandler<I, O>(options: TaskOptions<I, O>) {
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: tableName('Idempotency'),
    awsSdkV3Client: dynamoClient(),
  });
  const config = new IdempotencyConfig({
    eventKeyJmesPath: options.idempotencyKey,
    payloadValidationJmesPath: options.payloadValidation,
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: options.expiresAfterSeconds,
  });
  // Lambda returns the result as JSON; doing the same here drops undefined fields, which the
  // idempotency store (DynamoDB) would otherwise refuse to record.
  const run = async (event: I, _context: Context): Promise<O> => {
    const result = await options.run(event);
    return result === undefined ? result : JSON.parse(JSON.stringify(result)) as O;
  };
  // The function wrapper, not the `makeHandlerIdempotent` middleware: up to at least 2.35.0 the
  // middleware's onError deletes the record even when its own `before` refused the request, so a
  // duplicate refused as in progress (or a different body refused as a conflict) deleted the
  // record of the invocation that held it, and the next duplicate ran the task again: two
  // ValidateOrders, two order ids for one key (issue 14; aws-powertools/powertools-lambda-typescript
  // #5675, fixed by #5676). The wrapper deletes only a record it acquired, when the task threw.
  const idempotent = makeIdempotent(run, { persistenceStore, config, keyPrefix: options.name });
  const handler = middy(idempotent)
    .use(lambdaContextDefaults(options.name))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(tracing)
    .use(logMetrics(metrics))
    .use(typedErrors(options.name));
  // The fencing check runs before the idempotency replay and the task itself.
  if (options.fenced === true) handler.use(ownershipGuard());
  return handler;
}

/**
 * The task's Lambda handler. The stack (and its clients) is built on the first invocation, not at
 * import, so whoever hosts the task may set the environment after loading the module.
 */
export function makeTask<I, O>(options: TaskOptions<I, O>): TaskHandler<I, O> {
  let handler: ReturnType<typeof buildHandler<I, O>> | undefined;
  let builtFor = -1;
  return (event, context) => {
    // A new host (a platform started again in this process) brings new clients; the idempotency
    // store keeps the client it was built with, so the stack is built again with the new one.
    if (handler === undefined || builtFor !== clientGeneration()) {
      handler = buildHandler(options);
      builtFor = clientGeneration();
    }
    return handler(event, (context ?? {}) as Context) as Promise<O>;
  };
}
