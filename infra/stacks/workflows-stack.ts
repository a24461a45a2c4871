// A region's state machines, from the same ASL files the local engine runs. Placeholders are
// substituted by CloudFormation (definitionSubstitutions); the role is derived from what each
// definition's Task states call; every machine publishes a version behind the `live` alias.
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stateTimeouts, withStateTimeouts, type Definition } from '../lib/time-budget.ts';
import { tables, type TableDefinition, type TableId } from '../tables.ts';
import { analyseAsl, AslError, type AslNeeds } from '../lib/asl.ts';
import { tableResourceArns } from '../lib/table-access.ts';
import { acknowledge } from '../lib/nag.ts';
import {
  eventBusArn, eventBusName, invocationArn, LIVE_ALIAS, stateMachineArn, stateMachineName, tableArn, type WorkflowDefinition,
} from '../names.ts';

/**
 * The ASL file as deployed: with the per-state TimeoutSeconds of its time budget, if it has one
 * (infra/lib/time-budget.ts), written to a file of its own so it still ships as a file asset.
 */
function budgeted(workflow: string, file: string): string {
  if (!stateTimeouts[workflow]) return file;
  const definition = withStateTimeouts(workflow, JSON.parse(fs.readFileSync(file, 'utf8')) as Definition);
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bigsmokes-asl-')), path.basename(file));
  fs.writeFileSync(out, `${JSON.stringify(definition, null, 2)}\n`);
  return out;
}

export interface WorkflowsStackProps extends StackProps {
  readonly workflows: readonly WorkflowDefinition[];
  readonly projectRoot: string;
  readonly functions: ReadonlyMap<string, IFunction>;
}

export interface DeployedWorkflow {
  readonly definition: WorkflowDefinition;
  readonly stateMachine: sfn.StateMachine;
  readonly aliasArn: string;
}

export class WorkflowsStack extends Stack {
  readonly deployed: DeployedWorkflow[] = [];
  private readonly workflows: readonly WorkflowDefinition[];

  constructor(scope: Construct, id: string, props: WorkflowsStackProps) {
    super(scope, id, props);
    this.workflows = props.workflows;
    for (const workflow of props.workflows) {
      const file = path.join(props.projectRoot, workflow.file);
      if (!fs.existsSync(file)) continue; // not written yet: deploy what exists
      const needs = analyseAsl(fs.readFileSync(file, 'utf8'), workflow.file);
      this.deployed.push(this.addWorkflow(workflow, file, needs, props.functions));
    }
    if (this.deployed.length === 0) {
      acknowledge(this, { 'CloudFormation-Validate::F0001': 'No ASL file exists in workflows/ yet; `cdk deploy` skips a stack without resources.' });
    }
  }

  private substitutions(workflow: WorkflowDefinition, needs: AslNeeds, functions: ReadonlyMap<string, IFunction>): Record<string, string> {
    const values: Record<string, string> = {};
    for (const name of needs.placeholders) {
      const fn = /^(\w+)FunctionArn$/.exec(name);
      const machine = /^(\w+)StateMachineArn$/.exec(name);
      const table = /^(\w+)TableName$/.exec(name);
      if (fn) {
        const target = functions.get(fn[1]);
        if (!target) throw new AslError(`${workflow.file}: \${${name}} names task ${fn[1]}, which tasks/registry.ts does not define`);
        values[name] = target.functionArn;
      } else if (machine) {
        const target = this.workflows.find((w) => w.name === machine[1]);
        if (!target) throw new AslError(`${workflow.file}: \${${name}} names workflow ${machine[1]}, which infra/names.ts does not define`);
        values[name] = invocationArn(this.region, this.account, target);
      } else if (table && table[1] in tables) {
        values[name] = tables[table[1] as TableId].tableName;
      } else if (name === 'EventBusName') {
        values[name] = eventBusName;
      } else if (name === 'EventBusArn') {
        values[name] = eventBusArn(this.region, this.account);
      } else {
        throw new AslError(`${workflow.file}: placeholder \${${name}} has no value in infra/stacks/workflows-stack.ts`);
      }
    }
    return values;
  }

  private addWorkflow(workflow: WorkflowDefinition, file: string, needs: AslNeeds, functions: ReadonlyMap<string, IFunction>): DeployedWorkflow {
    const express = workflow.type === 'EXPRESS';
    const logGroup = new logs.LogGroup(this, `${workflow.name}Logs`, {
      logGroupName: `/aws/vendedlogs/states/${stateMachineName(workflow.name)}`,
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stateMachine = new sfn.StateMachine(this, workflow.name, {
      stateMachineName: stateMachineName(workflow.name),
      stateMachineType: express ? sfn.StateMachineType.EXPRESS : sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromFile(budgeted(workflow.name, file)),
      definitionSubstitutions: this.substitutions(workflow, needs, functions),
      // Payment tokens, birthdates and addresses travel in the state: never log execution data.
      logs: { destination: logGroup, level: express ? sfn.LogLevel.ALL : sfn.LogLevel.ERROR, includeExecutionData: false },
      tracingEnabled: true,
    });
    for (const statement of this.statements(workflow, needs, functions)) stateMachine.addToRolePolicy(statement);

    const version = new sfn.CfnStateMachineVersion(this, `${workflow.name}Version`, {
      stateMachineArn: stateMachine.stateMachineArn,
      stateMachineRevisionId: stateMachine.stateMachineRevisionId,
      description: `${workflow.file} as deployed`,
    });
    const alias = new sfn.CfnStateMachineAlias(this, `${workflow.name}Alias`, {
      name: LIVE_ALIAS,
      description: 'What every caller starts: AppSync, other state machines, tasks',
      routingConfiguration: [{ stateMachineVersionArn: version.attrArn, weight: 100 }],
    });

    acknowledge(stateMachine, {
      'AwsSolutions-IAM5[Resource::*]': 'X-Ray tracing and CloudWatch Logs log delivery (logs:CreateLogDelivery and friends) support no resource-level permissions; CDK adds exactly those for logging and tracing.',
      ...(express ? {} : {
        'AwsSolutions-SF1': 'Standard executions keep their full event history in Step Functions for 90 days (what support reads and redrives from); CloudWatch gets ERROR-level events only, without execution data, so no payment token, birthdate or address reaches the logs.',
      }),
    });
    return { definition: workflow, stateMachine, aliasArn: alias.attrArn };
  }

  private statements(workflow: WorkflowDefinition, needs: AslNeeds, functions: ReadonlyMap<string, IFunction>): iam.PolicyStatement[] {
    const statements: iam.PolicyStatement[] = [];
    if (needs.invokes.size > 0) {
      statements.push(new iam.PolicyStatement({
        sid: 'InvokeTasks',
        actions: ['lambda:InvokeFunction'],
        resources: [...needs.invokes].map((task) => {
          const fn = functions.get(task);
          if (!fn) throw new AslError(`${workflow.file}: invokes task ${task}, which tasks/registry.ts does not define`);
          return fn.functionArn;
        }),
      }));
    }
    for (const [id, actions] of needs.tableActions) {
      const table: TableDefinition = tables[id];
      statements.push(new iam.PolicyStatement({
        actions: [...actions],
        // Indexes only for a Query; every other integration acts on the table itself.
        resources: actions.has('dynamodb:Query') ? tableResourceArns(table, this.region, this.account) : [tableArn(this.region, this.account, table.tableName)],
      }));
    }
    if (needs.putsEvents) {
      statements.push(new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: [eventBusArn(this.region, this.account)] }));
    }
    if (needs.starts.size > 0) {
      statements.push(new iam.PolicyStatement({
        sid: 'StartWorkflows',
        actions: ['states:StartExecution'],
        resources: [...needs.starts].flatMap((name) => {
          const arn = stateMachineArn(this.region, this.account, name);
          return [arn, `${arn}:${LIVE_ALIAS}`];
        }),
      }));
    }
    return statements;
  }
}
