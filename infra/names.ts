// Deterministic names and ARNs. Resources that other regions or other stacks must reach (state
// machines, event buses, tables, web buckets) get fixed names, so a reference is a string built
// here rather than a cross-stack export that would chain the stacks' lifecycles together.

export const APP = 'bigsmokes';

/** The state machines and their ASL files; a machine whose file is absent is not deployed. */
export const workflows = [
  { name: 'Checkout', file: 'workflows/checkout.asl.json', type: 'EXPRESS' },
  { name: 'Fulfilment', file: 'workflows/fulfilment.asl.json', type: 'STANDARD' },
  { name: 'Refund', file: 'workflows/refund.asl.json', type: 'STANDARD' },
  // The runbook that evacuates a lost region (issue 16), started by an operator or an alarm.
  { name: 'Evacuation', file: 'workflows/evacuation.asl.json', type: 'STANDARD' },
  // Its mirror: the adopter hands the stock allocation rows back once the lost region returns.
  { name: 'HandBack', file: 'workflows/hand-back.asl.json', type: 'STANDARD' },
] as const satisfies readonly WorkflowDefinition[];

export interface WorkflowDefinition {
  readonly name: string;
  /** Repo-relative path of the ASL definition. */
  readonly file: string;
  readonly type: 'EXPRESS' | 'STANDARD';
}

/** The alias every caller uses, so a new version can be shifted in without changing callers. */
export const LIVE_ALIAS = 'live';

/** The events through which order status changes reach subscribers in every region. */
export const orderStatusEvent = { source: 'bigsmokes.orders', detailType: 'OrderStatusChanged' } as const;

/**
 * The detail field that carries each argument of the publish mutation where the names differ
 * (the event says `orderId`, the mutation takes `id`); any other argument is read from the
 * detail field of its own name.
 */
export const publishArgumentFields: Readonly<Record<string, string>> = { id: 'orderId' };

export const stateMachineName = (workflow: string): string => `${APP}-${workflow.toLowerCase()}`;

export function stateMachineArn(region: string, account: string, workflow: string): string {
  return `arn:aws:states:${region}:${account}:stateMachine:${stateMachineName(workflow)}`;
}

/**
 * The ARN callers start: the `live` alias for STANDARD machines (StartExecution accepts alias ARNs,
 * Step Functions developer guide, "How Step Functions associates executions with a version or
 * alias"); the unqualified ARN for EXPRESS ones, which AppSync starts with StartSyncExecution,
 * whose API reference names no qualified ARNs.
 */
export function invocationArn(region: string, account: string, workflow: WorkflowDefinition): string {
  const arn = stateMachineArn(region, account, workflow.name);
  return workflow.type === 'STANDARD' ? `${arn}:${LIVE_ALIAS}` : arn;
}

/** Executions of one state machine (resource of DescribeExecution, RedriveExecution, ...). */
export function executionArns(region: string, account: string, workflow: string): string {
  return `arn:aws:states:${region}:${account}:execution:${stateMachineName(workflow)}:*`;
}

export const eventBusName = `${APP}-events`;

export const eventBusArn = (region: string, account: string): string =>
  `arn:aws:events:${region}:${account}:event-bus/${eventBusName}`;

export const tableArn = (region: string, account: string, tableName: string): string =>
  `arn:aws:dynamodb:${region}:${account}:table/${tableName}`;

export const webBucketName = (region: string, account: string): string => `${APP}-web-${account}-${region}`;

export const functionName = (task: string): string => `${APP}-${task}`;

/** Stack names: one per concern and region. */
export const stackName = (concern: string, region: string): string => `BigSmokes-${concern}-${region}`;
