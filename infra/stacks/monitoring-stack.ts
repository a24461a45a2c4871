// A region's alarms, each one a page that means something (issue 17): never a business outcome
// (a declined card, out of stock, under age, a restricted destination, a changed price end Checkout
// in its Fail state and count as Lambda errors, so neither is alarmed). What is alarmed: errors the
// tasks did not expect (the Powertools metric `UnexpectedError`: neither a business error nor a
// known transient one), Fulfilment, Refund, Evacuation and HandBack executions that failed in place or timed
// out (retries ran out: an outage), a checkout cut off by its time budget, throttles, p99 over a
// second on the synchronous path and the API, API server errors, undeliverable events, and the
// public API key a month before it expires. All go to the region's SNS topic.
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as appsync from 'aws-cdk-lib/aws-appsync';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { DeployedWorkflow } from './workflows-stack.ts';
import { apiMetric } from './api-stack.ts';
import { METRICS_NAMESPACE } from '../lib/task-function.ts';
import { acknowledge } from '../lib/nag.ts';
import { UNEXPECTED_ERROR_METRIC } from '../../tasks/lib/metric-names.ts';

export interface MonitoringStackProps extends StackProps {
  /** Functions on a request's synchronous path (placeOrder, status publishing): p99 over 1 s pages. */
  readonly syncFunctions: ReadonlyMap<string, IFunction>;
  /** Services of the region's tasks (the Powertools `service` dimension of UnexpectedError). */
  readonly services: readonly string[];
  readonly workflows: readonly DeployedWorkflow[];
  readonly api: appsync.GraphqlApi;
  readonly deadLetters: sqs.IQueue;
  readonly alarmEmail: string;
  /** When the API's public key expires unless a deploy renews it. */
  readonly apiKeyExpires: Date;
}

const FIVE_MINUTES = Duration.minutes(5);
/** How long before the API key expires the topic is told to redeploy. */
export const API_KEY_WARNING = Duration.days(30);

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
      // Checkout's Fail state is how a business outcome ends it (PaymentDeclined, OutOfStock, ...): not a page.
      if (definition.type === 'STANDARD') {
        this.alarm(`${definition.name}Failed`, stateMachine.metricFailed({ period: FIVE_MINUTES }), 1,
          `${definition.name} executions failed in place (retries ran out: an outage): find them in the console's failed list and redrive once the cause is fixed`);
      }
      this.alarm(`${definition.name}TimedOut`, stateMachine.metricTimedOut({ period: FIVE_MINUTES }), 1,
        `${definition.name} executions timed out${definition.type === 'EXPRESS' ? ' (cut off by the checkout time budget: a dependency is slow)' : ''}`);
      this.alarm(`${definition.name}Throttled`, stateMachine.metricThrottled({ period: FIVE_MINUTES }), 1,
        `${definition.name} executions or state transitions were throttled`);
    }
    for (const service of props.services) {
      this.alarm(`UnexpectedErrors-${service}`, new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE, metricName: UNEXPECTED_ERROR_METRIC, dimensionsMap: { service },
        statistic: 'Sum', period: FIVE_MINUTES,
      }), 1, `Tasks of the ${service} service threw errors that are neither business outcomes nor known transient faults (a bug or an unmapped dependency error): read the task's logs`);
    }
    // Lambda's aggregate metric (no dimension) covers every function of the region.
    this.alarm('LambdaThrottles', new cloudwatch.Metric({ namespace: 'AWS/Lambda', metricName: 'Throttles', statistic: 'Sum', period: FIVE_MINUTES }), 1,
      'Lambda functions of this region were throttled (account concurrency quota, or a reserved concurrency reached)');
    for (const [name, fn] of props.syncFunctions) {
      this.alarm(`${name}DurationP99`, fn.metricDuration({ statistic: 'p99', period: FIVE_MINUTES }), 1000, `Function ${name} (synchronous path) p99 over 1 s`);
    }
    this.alarm('ApiLatencyP99', apiMetric(props.api, 'Latency', { statistic: 'p99', period: FIVE_MINUTES }), 1000, 'GraphQL p99 latency over 1 s');
    this.alarm('Api5xx', apiMetric(props.api, '5XXError', { statistic: 'Sum', period: FIVE_MINUTES }), 5, 'GraphQL server errors');
    this.alarm('DeadLetters', props.deadLetters.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES }), 1,
      'Domain events could not be delivered (see the dead-letter queue)');
    this.warnBeforeApiKeyExpires(props.apiKeyExpires);
  }

  /**
   * AppSync API keys live at most 365 days and no metric tells when one expires: a one-time
   * EventBridge Scheduler schedule tells the topic a month before, and every deploy renews both.
   */
  private warnBeforeApiKeyExpires(expires: Date): void {
    const warnAt = new Date(expires.getTime() - API_KEY_WARNING.toMilliseconds());
    const role = new iam.Role(this, 'ApiKeyExpiryWarningRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Publishes the API key expiry warning to the alarm topic',
    });
    // The topic is encrypted: CDK's publish grant adds the key's kms:GenerateDataKey* and kms:Decrypt.
    acknowledge(role, { 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]': 'CDK\'s SNS publish grant on the alarm topic\'s own key: publishing to an encrypted topic needs a data key (SNS developer guide, "Encryption at rest").' });
    new scheduler.Schedule(this, 'ApiKeyExpiryWarning', {
      description: 'Tells the alarm topic a month before the public API key expires',
      schedule: scheduler.ScheduleExpression.at(warnAt),
      target: new schedulerTargets.SnsPublish(this.topic, {
        input: scheduler.ScheduleTargetInput.fromText(`The public API key of bigsmokes-${this.region} expires on ${expires.toISOString()}: run npm run deploy to renew it.`),
        retryAttempts: 10,
        role,
      }),
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
