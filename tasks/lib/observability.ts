// Powertools Logger, Tracer and Metrics shared by every task in the process. Service name and log
// level come from POWERTOOLS_* environment variables as on Lambda; payment tokens, birthdates and
// addresses are never logged (events are not logged, only ids).
import { Logger } from '@aws-lambda-powertools/logger';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { Metrics } from '@aws-lambda-powertools/metrics';

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'bigsmokes';

export const logger = new Logger({ serviceName });
export const tracer = new Tracer({ serviceName });
export const metrics = new Metrics({ serviceName, namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'BigSmokes' });
