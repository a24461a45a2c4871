// A region's Lambda functions: one per task in tasks/registry.ts.
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { acknowledge } from '../lib/nag.ts';
import type { TaskDefinition } from '../../tasks/registry.ts';
import { TaskFunction } from '../lib/task-function.ts';

export interface TasksStackProps extends StackProps {
  readonly registry: Readonly<Record<string, TaskDefinition>>;
  readonly projectRoot: string;
  readonly primaryRegion: string;
  /** Every region: a task may answer a task token in the order's home region. */
  readonly regions: readonly string[];
  readonly reservedConcurrency: Readonly<Record<string, number>>;
  readonly settings: Readonly<Record<string, string>>;
}

export class TasksStack extends Stack {
  /** Functions by task name (the registry key). */
  readonly functions = new Map<string, IFunction>();

  constructor(scope: Construct, id: string, props: TasksStackProps) {
    super(scope, id, props);
    const actionScope = { region: this.region, account: this.account, primaryRegion: props.primaryRegion, tokenRegions: props.regions };
    for (const [name, task] of Object.entries(props.registry)) {
      const fn = new TaskFunction(this, name, {
        name, task, projectRoot: props.projectRoot, scope: actionScope,
        reservedConcurrency: props.reservedConcurrency[task.service],
        settings: props.settings,
      });
      this.functions.set(name, fn.function);
    }
    if (this.functions.size === 0) {
      acknowledge(this, { 'CloudFormation-Validate::F0001': 'No task is registered in tasks/registry.ts yet; `cdk deploy` skips a stack without resources.' });
    }
  }
}
