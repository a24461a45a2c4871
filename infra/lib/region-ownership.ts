// The AWS side of region ownership (issue 16) that is not a task or a workflow: the reservation
// sweeper's schedule, and the checkout's reach into the other regions' replicas: the order's claim
// (ValidateOrder) and its copy (StoreOrder writes the acknowledged order to the other regions
// before answering).
// The Evacuation runbook and its mirror, the HandBack runbook, are workflows
// (workflows/evacuation.asl.json, workflows/hand-back.asl.json, in infra/names.ts) and their tasks
// AdoptRegion and HandBackStock registry entries, so the existing stacks deploy them, each task's
// role holding exactly the actions its code calls.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Alias, Function as LambdaFn, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { tables } from '../tables.ts';
import { tableArn } from '../names.ts';
import { acknowledge } from './nag.ts';

/** Whether a task is a `fenced` saga task (makeTask's option in its entry: tasks/lib/task.ts). */
function isFenced(projectRoot: string, entry: string): boolean {
  return /\bfenced:\s*true\b/.test(readFileSync(path.resolve(projectRoot, entry), 'utf8'));
}

export interface TaskSources {
  readonly projectRoot: string;
  readonly registry: Readonly<Record<string, { readonly entry: string }>>;
}

export function addRegionOwnership(stack: Stack, functions: ReadonlyMap<string, IFunction>, regions: readonly string[], sources: TaskSources): void {
  const sweeper = functions.get('SweepReservations');
  if (sweeper !== undefined) {
    const schedule = new Rule(stack, 'SweepReservationsSchedule', {
      description: 'Returns expired reservations whose checkout stored no order to stock (tasks/warehouse/sweep-reservations.ts)',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(sweeper, { retryAttempts: 2 })],
    });
    acknowledge(schedule, {
      'Serverless-EventBusDLQ': 'A sweep that is never delivered loses nothing: the next minute\'s sweep finds the same expired reservations.',
    });
  }
  // ValidateOrder claims each order in the other regions' replicas of the Idempotency table
  // (tasks/regions/order-claim.ts) and StoreOrder copies it to the nearest other continent's Orders
  // replica. Both may run in a function shared by the checkout path (infra/shared-functions.ts),
  // reached through an alias: the environment and the grants belong to that function.
  const others = regions.filter((r) => r !== stack.region);
  if (others.length === 0) return;
  const reaches: ReadonlyArray<readonly [string, string, readonly string[]]> = [
    ['ValidateOrder', tables.Idempotency.tableName, ['dynamodb:PutItem', 'dynamodb:DeleteItem']],
    ['StoreOrder', tables.Orders.tableName, ['dynamodb:PutItem']],
  ];
  // Every fenced saga task reads the order's owner in the other regions' replicas too (order-guard.ts):
  // a region back from an evacuation must see the adoption before replication brings it.
  const fencedReach = Object.entries(sources.registry).filter(([, t]) => isFenced(sources.projectRoot, t.entry))
    .map(([task]): readonly [string, string, readonly string[]] => [task, tables.Orders.tableName, ['dynamodb:GetItem']]);
  const granted = new Set<string>();
  for (const [task, table, actions] of [...reaches, ...fencedReach]) {
    const entry = functions.get(task);
    const fn = entry instanceof Alias ? entry.version.lambda : entry;
    if (!(fn instanceof LambdaFn)) continue;
    const grant = `${fn.node.path} ${table} ${actions.join()}`;
    if (granted.has(grant)) continue; // tasks sharing one function
    granted.add(grant);
    fn.addEnvironment('PEER_REGIONS', others.join(','));
    fn.addToRolePolicy(new PolicyStatement({ actions: [...actions], resources: others.map((r) => tableArn(r, stack.account, table)) }));
  }
}
