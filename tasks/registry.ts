// The one registry of task handlers. CDK makes a Lambda function per entry and substitutes
// `${<Name>FunctionArn}` in the ASL files with its ARN; the local runtime substitutes the same
// placeholders with local ARNs and runs the entry's `handler` in-process.
import type { TableId } from '../infra/tables.ts';

export type Service = 'orders' | 'warehouse' | 'payment' | 'delivery' | 'products' | 'finance' | 'platform';

export interface TaskDefinition {
  readonly service: Service;
  /** Repo-relative path of the module that exports `handler`. */
  readonly entry: string;
  /** Tables the task reads and writes: CDK grants exactly these. */
  readonly tables: { readonly read: readonly TableId[]; readonly write: readonly TableId[] };
  /** Other permissions the task needs, e.g. 'states:SendTaskSuccess', 'events:PutEvents'. */
  readonly actions?: readonly string[];
  readonly timeoutSeconds?: number;
}

/** Filled in by the order domain: one entry per task, keyed by the name used in the placeholder. */
export const taskRegistry: Record<string, TaskDefinition> = {};

/** The ASL placeholder of a task: `${ValidateOrderFunctionArn}` for `ValidateOrder`. */
export function functionArnPlaceholder(taskName: string): string {
  return `${taskName}FunctionArn`;
}
