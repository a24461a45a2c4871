// The AWS side of region ownership (issue 16) that is not a task or a workflow: the reservation
// sweeper's schedule, and the checkout's reach into the other regions' replicas: the order's claim
// (ValidateOrder) and its copy (StoreOrder writes the acknowledged order to the other regions
// before answering).
// The Evacuation runbook and its mirror, the HandBack runbook, are workflows
// (workflows/evacuation.asl.json, workflows/hand-back.asl.json, in infra/names.ts) and their tasks
// AdoptRegion and HandBackStock registry entries, so the existing stacks deploy them, each task's
// role holding exactly the actions its code calls.
import { Duration, Stack } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Alias, Function as LambdaFn, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { tables } from '../tables.ts';
import { tableArn } from '../names.ts';
import { acknowledge } from './nag.ts';

export function addRegionOwnership(stack: Stack, functions: ReadonlyMap<string, IFunction>, regions: readonly string[]): void {
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
  for (const [task, table, actions] of reaches) {
    const entry = functions.get(task);
    const fn = entry instanceof Alias ? entry.version.lambda : entry;
    if (!(fn instanceof LambdaFn)) continue;
    fn.addEnvironment('PEER_REGIONS', others.join(','));
    fn.addToRolePolicy(new PolicyStatement({ actions: [...actions], resources: others.map((r) => tableArn(r, stack.account, table)) }));
  }
}
