// Names of the Powertools metrics that alarms watch (infra/stacks/monitoring-stack.ts), in a module
// of their own so the CDK app reads them without loading the task runtime.

/** An error that is neither a business outcome nor a known transient fault: a bug, or an unmapped dependency error. */
export const UNEXPECTED_ERROR_METRIC = 'UnexpectedError';
