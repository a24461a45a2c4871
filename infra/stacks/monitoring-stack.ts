// A region's alarms: failed, timed-out and throttled executions, task errors, throttles and p99
// over a second, API p99 over a second and server errors, undeliverable events; all sent to the
// region's SNS topic. The dashboards, across regions, are in DashboardsStack.
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

    for (const { definition, stateMachine } of props.workflows) {
      this.alarm(`${definition.name}Failed`, stateMachine.metricFailed({ period: FIVE_MINUTES }), 1,
        `${definition.name} executions failed: find them in the console's failed list and redrive once the cause is fixed`);
      this.alarm(`${definition.name}TimedOut`, stateMachine.metricTimedOut({ period: FIVE_MINUTES }), 1,
        `${definition.name} executions timed out`);
      this.alarm(`${definition.name}Throttled`, stateMachine.metricThrottled({ period: FIVE_MINUTES }), 1,
        `${definition.name} executions or state transitions were throttled`);
    }
    for (const [name, fn] of props.functions) {
      this.alarm(`${name}Errors`, fn.metricErrors({ period: FIVE_MINUTES }), 1, `Task ${name} threw errors`);
      this.alarm(`${name}Throttles`, fn.metricThrottles({ period: FIVE_MINUTES }), 1, `Task ${name} was throttled`);
      this.alarm(`${name}Duration`, fn.metricDuration({ statistic: 'p99', period: FIVE_MINUTES }), 1000, `Task ${name} p99 over 1 s`);
    }
    this.alarm('ApiLatencyP99', apiMetric(props.api, 'Latency', { statistic: 'p99', period: FIVE_MINUTES }), 1000, 'GraphQL p99 latency over 1 s');
    this.alarm('Api5xx', apiMetric(props.api, '5XXError', { statistic: 'Sum', period: FIVE_MINUTES }), 5, 'GraphQL server errors');
    this.alarm('DeadLetters', props.deadLetters.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES }), 1,
      'Domain events could not be delivered (see the dead-letter queue)');
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
