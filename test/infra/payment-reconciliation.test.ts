// infra/lib/payment-reconciliation.ts: ReconcilePayments runs on an EventBridge schedule every hour
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html), and
// an alarm on the sum of its PaymentAmountMismatch and PaymentWithoutRecord metrics (missing data
// filled with 0, https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html)
// notifies the region's alarm topic.
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFn, Runtime } from 'aws-cdk-lib/aws-lambda';
import { addPaymentReconciliation } from '../../infra/lib/payment-reconciliation.ts';
import { taskRegistry } from '../../tasks/registry.ts';

function stackWith(names: readonly string[]): Template {
  const stack = new Stack(new App(), 'Tasks', { env: { account: '111111111111', region: 'eu-west-1' } });
  const functions = new Map(names.map((name) => [name, new LambdaFn(stack, name, { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: Code.fromInline('export const handler = async () => ({})') })]));
  addPaymentReconciliation(stack, functions);
  return Template.fromStack(stack);
}

test('ReconcilePayments is a registered payment task', () => {
  expect(taskRegistry.ReconcilePayments).toMatchObject({ service: 'payment', entry: 'tasks/payment/reconcile-payments.ts' });
  expect(taskRegistry.ReconcilePayments!.tables.write).toContain('Payments');
});

test('an hourly schedule targets the ReconcilePayments function, and the alarm notifies the alarm topic', () => {
  const t = stackWith(['ReconcilePayments']);
  t.hasResourceProperties('AWS::Events::Rule', {
    ScheduleExpression: 'rate(1 hour)',
    State: 'ENABLED',
    Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReconcilePayments'), 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 2 } })],
  });
  t.hasResourceProperties('AWS::Lambda::Permission', { Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com' });
  t.hasResourceProperties('AWS::CloudWatch::Alarm', {
    AlarmName: 'bigsmokes-eu-west-1-PaymentReconciliation',
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    TreatMissingData: 'notBreaching',
    AlarmActions: ['arn:aws:sns:eu-west-1:111111111111:bigsmokes-alarms'],
    Metrics: Match.arrayWith([
      Match.objectLike({ Expression: 'FILL(mismatch, 0) + FILL(unrecorded, 0)' }),
      Match.objectLike({ Id: 'mismatch', MetricStat: Match.objectLike({ Metric: { Namespace: 'BigSmokes', MetricName: 'PaymentAmountMismatch', Dimensions: [{ Name: 'service', Value: 'payment' }] } }) }),
      Match.objectLike({ Id: 'unrecorded', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'PaymentWithoutRecord' }) }) }),
    ]),
  });
});

test('a deployment without the task gets neither', () => {
  const t = stackWith(['SweepReservations']);
  t.resourceCountIs('AWS::Events::Rule', 0);
  t.resourceCountIs('AWS::CloudWatch::Alarm', 0);
});
