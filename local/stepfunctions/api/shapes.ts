// Records to the response shapes of the Step Functions API (timestamps in epoch seconds, as the
// JSON protocol carries them: https://docs.aws.amazon.com/step-functions/latest/apireference/).
import type { ExecutionRecord, HistoryEvent, StateMachineRecord } from '../types.ts';

export const seconds = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : ms / 1000);

const REDRIVE_WINDOW_MS = 14 * 24 * 3600 * 1000;
export const MAX_REDRIVES = 1000;

/** Why an execution can or cannot be redriven (https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html). */
export function redriveStatus(r: ExecutionRecord, now: number): { redriveStatus: string; redriveStatusReason?: string } {
  if (r.type === 'EXPRESS') return { redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: 'Execution is of type EXPRESS and cannot be redriven' };
  if (r.status === 'RUNNING') return { redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: 'Execution is RUNNING and cannot be redriven' };
  if (r.status === 'SUCCEEDED') return { redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven' };
  if (r.stopDate !== undefined && now - r.stopDate > REDRIVE_WINDOW_MS) return { redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: 'Execution can be redriven only within 14 days of its end' };
  if (r.redriveCount >= MAX_REDRIVES) return { redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: `Execution has been redriven ${MAX_REDRIVES} times` };
  return { redriveStatus: 'REDRIVABLE' };
}

export function describeExecution(r: ExecutionRecord, now: number) {
  return {
    executionArn: r.executionArn,
    stateMachineArn: r.stateMachineArn,
    name: r.name,
    status: r.status,
    startDate: seconds(r.startDate),
    stopDate: seconds(r.stopDate),
    input: r.input,
    inputDetails: { included: true },
    ...(r.output !== undefined ? { output: r.output, outputDetails: { included: true } } : {}),
    ...(r.error !== undefined ? { error: r.error } : {}),
    ...(r.cause !== undefined ? { cause: r.cause } : {}),
    redriveCount: r.redriveCount,
    redriveDate: seconds(r.redriveDate),
    ...redriveStatus(r, now),
  };
}

export function executionListItem(r: ExecutionRecord) {
  return {
    executionArn: r.executionArn,
    stateMachineArn: r.stateMachineArn,
    name: r.name,
    status: r.status,
    startDate: seconds(r.startDate),
    stopDate: seconds(r.stopDate),
    redriveCount: r.redriveCount,
    redriveDate: seconds(r.redriveDate),
  };
}

export function describeStateMachine(r: StateMachineRecord) {
  return {
    stateMachineArn: r.stateMachineArn,
    name: r.name,
    status: 'ACTIVE',
    definition: r.definition,
    roleArn: r.roleArn,
    type: r.type,
    creationDate: seconds(r.creationDate),
    loggingConfiguration: { level: 'OFF', includeExecutionData: false },
    tracingConfiguration: { enabled: false },
    revisionId: r.revisionId,
  };
}

export function historyEvent(e: HistoryEvent) {
  return { ...e, timestamp: seconds(e.timestamp) };
}

/** Opaque pagination tokens: the offset into a stable ordering. */
export function page<T>(items: readonly T[], maxResults: unknown, nextToken: unknown): { items: T[]; nextToken?: string } {
  const limit = typeof maxResults === 'number' && maxResults > 0 ? Math.min(maxResults, 1000) : 100;
  const start = typeof nextToken === 'string' ? Number(Buffer.from(nextToken, 'base64url').toString()) || 0 : 0;
  const slice = items.slice(start, start + limit);
  const end = start + slice.length;
  return { items: slice, ...(end < items.length ? { nextToken: Buffer.from(String(end)).toString('base64url') } : {}) };
}
