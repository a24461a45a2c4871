// A region's dashboards and alarms: one dashboard per service (its tasks), one for the sagas
// (executions started, failed, redriven; task errors; resolver p99), and alarms on failed
// executions, throttles, errors and p99 latency over a second, all sent to one SNS topic.
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as appsync from 'aws-cdk-lib/aws-appsync';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { DeployedWorkflow } from './workflows-stack.ts';
import { apiMetric } from './api-stack.ts';

export interface MonitoringStackProps extends StackProps {
  readonly functions: ReadonlyMap<string, IFunction>;
  readonly services: ReadonlyMap<string, readonly string[]>;
  readonly workflows: readonly DeployedWorkflow[];
  readonly api: appsync.GraphqlApi;
  readonly deadLetters: sqs.IQueue;
  readonly alarmEmail: string;
}

const FIVE_MINUTES = Duration.minutes(5);

export class MonitoringStack extends Stack {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    // CloudWatch can publish only to topics whose key lets it (not the AWS-managed SNS key).
    const key = new kms.Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the alarm topic', enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY,
    });
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new sns.Topic(this, 'Alarms', { topicName: 'bigsmokes-alarms', masterKey: key, enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));

    const sagaWidgets: cloudwatch.IWidget[] = [];
    for (const { definition, stateMachine } of props.workflows) {
      const metric = (name: string) => stateMachine.metric(name, { statistic: 'Sum', period: FIVE_MINUTES });
      this.alarm(`${definition.name}Failed`, stateMachine.metricFailed({ period: FIVE_MINUTES }), 1,
        `${definition.name} executions failed: find them in the console's failed list and redrive once the cause is fixed`);
      this.alarm(`${definition.name}TimedOut`, stateMachine.metricTimedOut({ period: FIVE_MINUTES }), 1,
        `${definition.name} executions timed out`);
      this.alarm(`${definition.name}Throttled`, stateMachine.metricThrottled({ period: FIVE_MINUTES }), 1,
        `${definition.name} executions or state transitions were throttled`);
      sagaWidgets.push(new cloudwatch.GraphWidget({
        title: `${definition.name} executions`,
        left: [stateMachine.metricStarted(), stateMachine.metricFailed(), metric('ExecutionsRedriven'), stateMachine.metricSucceeded()],
        width: 12,
      }));
    }

    for (const [name, fn] of props.functions) {
      this.alarm(`${name}Errors`, fn.metricErrors({ period: FIVE_MINUTES }), 1, `Task ${name} threw errors`);
      this.alarm(`${name}Throttles`, fn.metricThrottles({ period: FIVE_MINUTES }), 1, `Task ${name} was throttled`);
      this.alarm(`${name}Duration`, fn.metricDuration({ statistic: 'p99', period: FIVE_MINUTES }), 1000, `Task ${name} p99 over 1 s`);
    }
    for (const [service, names] of props.services) {
      const fns = names.map((n) => props.functions.get(n)).filter((f): f is IFunction => f !== undefined);
      new cloudwatch.Dashboard(this, `Service-${service}`, {
        dashboardName: `bigsmokes-${service}-${this.region}`,
        widgets: [[
          new cloudwatch.GraphWidget({ title: 'Invocations', left: fns.map((f) => f.metricInvocations()), width: 8 }),
          new cloudwatch.GraphWidget({ title: 'Errors and throttles', left: fns.flatMap((f) => [f.metricErrors(), f.metricThrottles()]), width: 8 }),
          new cloudwatch.GraphWidget({ title: 'Duration p99', left: fns.map((f) => f.metricDuration({ statistic: 'p99' })), width: 8 }),
        ]],
      });
    }

    const latency = apiMetric(props.api, 'Latency', { statistic: 'p99', period: FIVE_MINUTES });
    this.alarm('ApiLatencyP99', latency, 1000, 'GraphQL p99 latency over 1 s');
    this.alarm('Api5xx', apiMetric(props.api, '5XXError', { statistic: 'Sum', period: FIVE_MINUTES }), 5, 'GraphQL server errors');
    this.alarm('DeadLetters', props.deadLetters.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES }), 1,
      'Domain events could not be delivered (see the dead-letter queue)');

    new cloudwatch.Dashboard(this, 'Sagas', {
      dashboardName: `bigsmokes-sagas-${this.region}`,
      widgets: [
        sagaWidgets,
        [
          new cloudwatch.GraphWidget({
            title: 'Task errors',
            left: [...props.functions.values()].map((f) => f.metricErrors()),
            width: 12,
          }),
          new cloudwatch.GraphWidget({ title: 'Resolver latency p99 (ms)', left: [latency], width: 12 }),
        ],
      ],
    });
  }

  private alarm(id: string, metric: cloudwatch.IMetric, threshold: number, description: string): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmName: `bigsmokes-${this.region}-${id}`,
      alarmDescription: description,
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
