// The dashboards, in the primary region, each showing every region side by side: one per service
// (its tasks' invocations, errors, throttles, p99) and one for the sagas (executions started,
// failed, redriven and succeeded; task errors; resolver p99). One set rather than one per region:
// dashboards are billed each, and an operator compares regions on one screen.
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as appsync from 'aws-cdk-lib/aws-appsync';
import type { Construct } from 'constructs';
import type { TaskDefinition } from '../../tasks/registry.ts';
import { functionName, stateMachineArn, type WorkflowDefinition } from '../names.ts';
import { sharedFunctionOf, type SharedFunctions } from '../shared-functions.ts';
import { apiMetric } from './api-stack.ts';

export interface RegionView {
  readonly region: string;
  readonly api: appsync.IGraphqlApi;
  readonly workflows: readonly WorkflowDefinition[];
}

export interface DashboardsStackProps extends StackProps {
  readonly registry: Readonly<Record<string, TaskDefinition>>;
  readonly regions: readonly RegionView[];
  readonly sharedFunctions: SharedFunctions;
}

const PERIOD = Duration.minutes(5);

export class DashboardsStack extends Stack {
  constructor(scope: Construct, id: string, props: DashboardsStackProps) {
    super(scope, id, props);
    // A task hosted by a shared function is its alias: the function's metrics for that alias (Resource).
    const dimensionsOf = (task: string): Record<string, string> => {
      const shared = sharedFunctionOf(task, props.registry, props.sharedFunctions);
      return shared ? { FunctionName: functionName(shared), Resource: `${functionName(shared)}:${task}` } : { FunctionName: functionName(task) };
    };
    const lambdaMetric = (task: string, region: string, metricName: string, statistic: string) => new cloudwatch.Metric({
      namespace: 'AWS/Lambda', metricName, dimensionsMap: dimensionsOf(task),
      region, statistic, period: PERIOD, label: `${task} ${metricName}`,
    });
    const tasks = Object.entries(props.registry);
    const services = [...new Set(tasks.map(([, task]) => task.service))];

    for (const service of services) {
      const names = tasks.filter(([, task]) => task.service === service).map(([name]) => name);
      new cloudwatch.Dashboard(this, `Service-${service}`, {
        dashboardName: `bigsmokes-${service}`,
        widgets: props.regions.map(({ region }) => [
          new cloudwatch.GraphWidget({ title: `${region}: invocations`, width: 8, left: names.map((n) => lambdaMetric(n, region, 'Invocations', 'Sum')) }),
          new cloudwatch.GraphWidget({
            title: `${region}: errors and throttles`, width: 8,
            left: names.flatMap((n) => [lambdaMetric(n, region, 'Errors', 'Sum'), lambdaMetric(n, region, 'Throttles', 'Sum')]),
          }),
          new cloudwatch.GraphWidget({ title: `${region}: duration p99`, width: 8, left: names.map((n) => lambdaMetric(n, region, 'Duration', 'p99')) }),
        ]),
      });
    }

    new cloudwatch.Dashboard(this, 'Sagas', {
      dashboardName: 'bigsmokes-sagas',
      widgets: props.regions.map(({ region, api, workflows }) => [
        ...workflows.map((w) => new cloudwatch.GraphWidget({
          title: `${region}: ${w.name} executions`, width: 6,
          left: ['ExecutionsStarted', 'ExecutionsFailed', 'ExecutionsRedriven', 'ExecutionsSucceeded'].map((metricName) => new cloudwatch.Metric({
            namespace: 'AWS/States', metricName, dimensionsMap: { StateMachineArn: stateMachineArn(region, this.account, w.name) },
            region, statistic: 'Sum', period: PERIOD,
          })),
        })),
        new cloudwatch.GraphWidget({ title: `${region}: task errors`, width: 6, left: tasks.map(([n]) => lambdaMetric(n, region, 'Errors', 'Sum')) }),
        new cloudwatch.GraphWidget({
          title: `${region}: resolver latency p99 (ms)`, width: 6,
          left: [apiMetric(api, 'Latency', { statistic: 'p99', period: PERIOD, region })],
        }),
      ]),
    });
  }
}
