// The AWS side of region ownership (issue 16) that is not a task or a workflow: the reservation
// sweeper's schedule, and the order copy's reach into the other regions' replicas of the Orders
// table (StoreOrder writes the acknowledged order to the nearest other continent before answering).
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
  // StoreOrder may run in a function shared by the checkout path (infra/shared-functions.ts),
  // reached through its alias: the environment and the grant belong to that function.
  const entry = functions.get('StoreOrder');
  const storeOrder = entry instanceof Alias ? entry.version.lambda : entry;
  const others = regions.filter((r) => r !== stack.region);
  if (storeOrder instanceof LambdaFn && others.length > 0) {
    storeOrder.addEnvironment('ORDER_COPY_REGIONS', others.join(','));
    storeOrder.addToRolePolicy(new PolicyStatement({
      actions: ['dynamodb:PutItem'],
      resources: others.map((r) => tableArn(r, stack.account, tables.Orders.tableName)),
    }));
  }
}
