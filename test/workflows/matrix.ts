// The fault matrix's rows, read from the ASL files themselves so that no Task state is missed: every
// Task state of every workflow (nested Parallel branches and Map processors included), the function
// it invokes, whether it waits for a person (.waitForTaskToken), its Catch and TimeoutSeconds, and
// whether it is on the forward path (reached from StartAt through Next/Choices/Default) or only
// through a Catch (a compensation step).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { workflows } from '../../infra/names.ts';

export type WorkflowName = (typeof workflows)[number]['name'];

interface AslState {
  readonly Type: string;
  readonly Resource?: string;
  readonly Parameters?: { readonly FunctionName?: string };
  readonly Next?: string;
  readonly Default?: string;
  readonly Choices?: readonly { readonly Next: string }[];
  readonly Catch?: readonly { readonly ErrorEquals: readonly string[]; readonly Next: string }[];
  readonly TimeoutSeconds?: number;
  readonly Retry?: readonly { readonly ErrorEquals: readonly string[]; readonly MaxAttempts?: number }[];
  readonly Branches?: readonly AslBlock[];
  readonly Iterator?: AslBlock;
  readonly ItemProcessor?: AslBlock;
}
interface AslBlock { readonly StartAt: string; readonly States: Readonly<Record<string, AslState>> }

export interface TaskStateRow {
  readonly workflow: WorkflowName;
  readonly type: 'EXPRESS' | 'STANDARD';
  readonly state: string;
  /** The task registry entry behind `${<Task>FunctionArn}`; undefined for service integrations. */
  readonly task?: string;
  readonly resource: string;
  /** `.waitForTaskToken`: the state waits for a person's answer. */
  readonly human: boolean;
  readonly timeoutSeconds?: number;
  /** Error names its Catch handles (States.ALL included as written). */
  readonly caught: readonly string[];
  readonly retry: NonNullable<AslState['Retry']>;
  /** Reached from StartAt without a Catch: a step of the saga, not a compensation. */
  readonly forward: boolean;
}

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export function readDefinition(file: string): AslBlock {
  return JSON.parse(readFileSync(path.join(repoRoot, file), 'utf8')) as AslBlock;
}

function forwardStates(block: AslBlock): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string | undefined) => {
    if (name === undefined || seen.has(name)) return;
    seen.add(name);
    const state = block.States[name]!;
    visit(state.Next);
    visit(state.Default);
    for (const choice of state.Choices ?? []) visit(choice.Next);
  };
  visit(block.StartAt);
  return seen;
}

function rowsOf(workflow: (typeof workflows)[number], block: AslBlock, out: TaskStateRow[]): void {
  const forward = forwardStates(block);
  for (const [state, s] of Object.entries(block.States)) {
    for (const nested of [...(s.Branches ?? []), s.Iterator, s.ItemProcessor]) if (nested) rowsOf(workflow, nested, out);
    if (s.Type !== 'Task') continue;
    const fn = /^\$\{(\w+)FunctionArn\}$/.exec(s.Parameters?.FunctionName ?? s.Resource ?? '');
    out.push({
      workflow: workflow.name, type: workflow.type, state, task: fn?.[1], resource: s.Resource!,
      human: s.Resource!.endsWith('.waitForTaskToken'), timeoutSeconds: s.TimeoutSeconds,
      retry: s.Retry ?? [], caught: (s.Catch ?? []).flatMap((c) => c.ErrorEquals), forward: forward.has(state),
    });
  }
}

/** Every Task state of every workflow in infra/names.ts, in definition order. */
export const taskStates: readonly TaskStateRow[] = workflows.flatMap((w) => {
  const rows: TaskStateRow[] = [];
  rowsOf(w, readDefinition(w.file), rows);
  return rows;
});

export const statesOf = (workflow: WorkflowName) => taskStates.filter((r) => r.workflow === workflow);

/** Attempts a state makes at an error that keeps coming: 1 plus the first matching retrier's MaxAttempts (default 3). */
export function attemptsFor(row: TaskStateRow, error: string): number {
  const retrier = row.retry.find((r) => r.ErrorEquals.includes(error) || r.ErrorEquals.includes('States.ALL'));
  return 1 + (retrier === undefined ? 0 : retrier.MaxAttempts ?? 3);
}

/** Whether the state's Catch handles `error` (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html). */
export function isCaught(row: TaskStateRow, error: string): boolean {
  return row.caught.includes(error) || row.caught.includes('States.ALL') || (row.caught.includes('States.TaskFailed') && error !== 'States.Timeout');
}
