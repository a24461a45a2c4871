// Powertools Logger, Tracer and Metrics shared by every task in the process. Service name and log
// level come from POWERTOOLS_* environment variables as on Lambda; payment tokens, birthdates and
// addresses are never logged (events are not logged, only ids).
import type { MiddlewareObj } from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'bigsmokes';

export const logger = new Logger({ serviceName });
// Metrics' own warnings go through the Logger, so they follow POWERTOOLS_LOG_LEVEL like every log line.
export const metrics = new Metrics({ serviceName, namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'BigSmokes', logger });

/**
 * X-Ray tracing (Powertools Tracer), loaded only when tracing is on. The X-Ray SDK hooks every
 * promise of its process (cls-hooked async hooks); on Lambda that process is the function's, but
 * the local runtime hosts every task beside its own endpoints, where the hooks would cost about a
 * tenth of the CPU, so it runs with POWERTOOLS_TRACE_ENABLED=false and never loads the SDK.
 */
async function loadTracing(): Promise<MiddlewareObj[]> {
  const [{ Tracer }, { captureLambdaHandler }] = await Promise.all([
    import('@aws-lambda-powertools/tracer'),
    import('@aws-lambda-powertools/tracer/middleware'),
  ]);
  return [captureLambdaHandler(new Tracer({ serviceName }), { captureResponse: false })];
}

/** The tracing middleware, or none when tracing is off. */
export const tracing: MiddlewareObj[] = process.env.POWERTOOLS_TRACE_ENABLED === 'false' ? [] : await loadTracing();
