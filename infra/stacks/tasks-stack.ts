// A region's Lambda functions: one per task in tasks/registry.ts, except the tasks that share one
// function (infra/shared-functions.ts), each reached through its own alias.
import { Stack, type StackProps } from 'aws-cdk-lib';
import { Alias, type IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { acknowledge } from '../lib/nag.ts';
import type { TaskDefinition } from '../../tasks/registry.ts';
import { TaskFunction } from '../lib/task-function.ts';
import { sharedFunctionOf, type SharedFunctions } from '../shared-functions.ts';
import { secretsFor } from '../lib/provider-secrets.ts';

export interface TasksStackProps extends StackProps {
  readonly registry: Readonly<Record<string, TaskDefinition>>;
  readonly projectRoot: string;
  readonly primaryRegion: string;
  /** Every region: a task may answer a task token in the order's home region. */
  readonly regions: readonly string[];
  readonly reservedConcurrency: Readonly<Record<string, number>>;
  readonly settings: Readonly<Record<string, string>>;
  readonly sharedFunctions: SharedFunctions;
}

export class TasksStack extends Stack {
  /** Functions by task name (the registry key). */
  readonly functions = new Map<string, IFunction>();
  /** The shared functions of infra/shared-functions.ts (a request's synchronous path), by their name. */
  readonly syncFunctions = new Map<string, IFunction>();

  constructor(scope: Construct, id: string, props: TasksStackProps) {
    super(scope, id, props);
    const actionScope = { region: this.region, account: this.account, primaryRegion: props.primaryRegion, tokenRegions: props.regions };
    for (const [name, task] of Object.entries(props.registry)) {
      if (sharedFunctionOf(name, props.registry, props.sharedFunctions)) continue;
      const fn = new TaskFunction(this, name, {
        name, task, projectRoot: props.projectRoot, scope: actionScope,
        reservedConcurrency: props.reservedConcurrency[task.service],
        settings: props.settings,
        secrets: secretsFor([{ name, ...task }]),
      });
      this.functions.set(name, fn.function);
    }
    for (const [name, shared] of Object.entries(props.sharedFunctions)) {
      if (!shared.tasks.every((t) => t in props.registry)) continue;
      const tasks = shared.tasks.map((t) => props.registry[t]);
      // The function holds what each of its tasks may do, and the strictest reserved concurrency among them.
      const task: TaskDefinition = {
        service: tasks[0].service, entry: shared.entry,
        tables: { read: [...new Set(tasks.flatMap((t) => t.tables.read))], write: [...new Set(tasks.flatMap((t) => t.tables.write))] },
        actions: [...new Set(tasks.flatMap((t) => t.actions ?? []))],
        timeoutSeconds: Math.max(...tasks.map((t) => t.timeoutSeconds ?? 10)),
      };
      const reserved = tasks.map((t) => props.reservedConcurrency[t.service]).filter((n) => n !== undefined);
      const fn = new TaskFunction(this, name, {
        name, task, projectRoot: props.projectRoot, scope: actionScope, settings: props.settings,
        reservedConcurrency: reserved.length > 0 ? Math.min(...reserved) : undefined,
        memorySize: shared.memorySize, sourceMaps: shared.sourceMaps,
        secrets: secretsFor(shared.tasks.map((t) => ({ name: t, ...props.registry[t] }))),
      });
      this.syncFunctions.set(name, fn.function);
      for (const t of shared.tasks) {
        this.functions.set(t, new Alias(this, `${name}${t}Alias`, { aliasName: t, version: fn.function.currentVersion }));
      }
    }
    if (this.functions.size === 0) {
      acknowledge(this, { 'CloudFormation-Validate::F0001': 'No task is registered in tasks/registry.ts yet; `cdk deploy` skips a stack without resources.' });
    }
  }
}
