// Registers workflows/*.asl.json as state machines at start, with the placeholders CDK substitutes
// (infra/stacks/workflows-stack.ts): ${<Task>FunctionArn} → the local function of registry entry
// <Task>, ${<Workflow>StateMachineArn} → the machine's `live` alias, ${<Table>TableName},
// ${EventBusName}, ${EventBusArn}; `substitutions` adds to or overrides these. Each start updates a
// changed definition; running executions keep the definition they started with.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { eventBusArn, eventBusName, LIVE_ALIAS, stateMachineArn, stateMachineName, workflows as knownWorkflows, type WorkflowDefinition } from '../../infra/names.ts';
import { tables } from '../../infra/tables.ts';
import type { StepFunctionsEngine } from './engine.ts';

export interface RegisterOptions {
  /** Task registry keys; `${<Key>FunctionArn}` resolves to `functionArn(key)`. */
  readonly tasks: readonly string[];
  readonly functionArn: (task: string) => string;
  readonly substitutions?: Readonly<Record<string, string>>;
  /** Defaults to infra/names.ts `workflows`. */
  readonly workflows?: readonly WorkflowDefinition[];
}

export function defaultSubstitutions(engine: StepFunctionsEngine, options: RegisterOptions, all: readonly WorkflowDefinition[]): Record<string, string> {
  const { region, accountId } = engine.account;
  return {
    ...Object.fromEntries(options.tasks.map((task) => [`${task}FunctionArn`, options.functionArn(task)])),
    ...Object.fromEntries(all.map((w) => [`${w.name}StateMachineArn`, `${stateMachineArn(region, accountId, w.name)}:${LIVE_ALIAS}`])),
    ...Object.fromEntries(Object.entries(tables).map(([id, t]) => [`${id}TableName`, t.tableName])),
    EventBusName: eventBusName,
    EventBusArn: eventBusArn(region, accountId),
  };
}

/** Replace every `${Name}`; a placeholder with no value is an error naming the file. */
export function substitute(text: string, values: Readonly<Record<string, string>>, file: string): string {
  return text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`${file}: placeholder \${${name}} has no value (no task registry entry or substitution)`);
    return values[name];
  });
}

export interface RegisteredWorkflow {
  readonly name: string;
  readonly stateMachineArn: string;
  readonly type: 'STANDARD' | 'EXPRESS';
}

/** Register every workflow whose file exists under `rootDir`; absent files are skipped (as CDK does). */
export async function registerWorkflows(engine: StepFunctionsEngine, rootDir: string, options: RegisterOptions): Promise<RegisteredWorkflow[]> {
  const all = options.workflows ?? knownWorkflows;
  const values = { ...defaultSubstitutions(engine, options, all), ...options.substitutions };
  const registered: RegisteredWorkflow[] = [];
  for (const workflow of all) {
    let text: string;
    try {
      text = await readFile(path.resolve(rootDir, workflow.file), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const definition = substitute(text, values, workflow.file);
    const name = stateMachineName(workflow.name);
    const arn = stateMachineArn(engine.account.region, engine.account.accountId, workflow.name);
    const existing = await engine.store.getStateMachine(arn);
    if (!existing) await engine.actions.createStateMachine({ name, definition, type: workflow.type });
    else if (existing.definition !== definition) await engine.actions.updateStateMachine({ stateMachineArn: arn, definition });
    registered.push({ name: workflow.name, stateMachineArn: arn, type: workflow.type });
  }
  return registered;
}
