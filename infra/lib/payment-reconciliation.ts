// The AWS side of payment reconciliation (issue 15): an EventBridge schedule runs the
// ReconcilePayments task every hour (it looks back a week, so a missed run loses nothing), and an
// alarm on its PaymentAmountMismatch and PaymentWithoutRecord metrics (Powertools, service
// `payment`) tells the on-call when the provider and the books disagree.
import { Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { METRICS_NAMESPACE } from './task-function.ts';
import { acknowledge } from './nag.ts';

/** The alarm topic the region's monitoring stack creates (infra/stacks/monitoring-stack.ts). */
const alarmTopicName = 'bigsmokes-alarms';

export function addPaymentReconciliation(stack: Stack, functions: ReadonlyMap<string, IFunction>): void {
  const reconcile = functions.get('ReconcilePayments');
  if (reconcile === undefined) return;
  const schedule = new Rule(stack, 'ReconcilePaymentsSchedule', {
    description: 'Compares the payment provider with the Payments table and the ledger; voids orphan holds (tasks/payment/reconcile-payments.ts)',
    schedule: Schedule.rate(Duration.hours(1)),
    targets: [new LambdaFunction(reconcile, { retryAttempts: 2 })],
  });
  acknowledge(schedule, {
    'Serverless-EventBusDLQ': 'A reconciliation that is never delivered loses nothing: the next hour\'s run looks back a week.',
  });
  const metric = (metricName: string) => new Metric({
    namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { service: 'payment' }, statistic: 'Sum', period: Duration.hours(1),
  });
  const alarm = new Alarm(stack, 'PaymentReconciliationAlarm', {
    alarmName: `bigsmokes-${stack.region}-PaymentReconciliation`,
    alarmDescription: 'The payment provider and the books disagree: an amount differs, or money moved with no record (see ReconcilePayments logs)',
    metric: new MathExpression({
      expression: 'FILL(mismatch, 0) + FILL(unrecorded, 0)',
      usingMetrics: { mismatch: metric('PaymentAmountMismatch'), unrecorded: metric('PaymentWithoutRecord') },
      period: Duration.hours(1),
    }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new SnsAction(Topic.fromTopicArn(stack, 'PaymentAlarmTopic', `arn:aws:sns:${stack.region}:${stack.account}:${alarmTopicName}`)));
}
