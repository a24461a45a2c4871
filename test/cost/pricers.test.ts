// Resource types INFRA may add are priced from their properties, by AWS's pricing model for each:
// WAF per web ACL, rule and request (https://aws.amazon.com/waf/pricing/), Secrets Manager per
// secret and API call (https://aws.amazon.com/secrets-manager/pricing/), CloudWatch alarms per
// metric and resolution (https://aws.amazon.com/cloudwatch/pricing/), EXPRESS state machines per
// request and 100 ms × 64 MB (https://aws.amazon.com/step-functions/pricing/).
import fs from 'node:fs';
import path from 'node:path';
import { priceTemplates } from '../../cost/bill.ts';
import { checkProfile, InputError, type Measured, type PriceTable, type TrafficProfile } from '../../cost/inputs.ts';
import { scheduledRuns } from '../../cost/pricers.ts';
import type { TemplateResource } from '../../cost/templates.ts';
import { trafficOf, workflowRoutes } from '../../cost/traffic.ts';

const root = path.resolve(import.meta.dirname, '../..');
const read = <T>(file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as T;
const prices = read<PriceTable>('cost/prices.json');
const profile = read<TrafficProfile>('profiles/launch.json');
const traffic = trafficOf(profile, workflowRoutes(path.join(root, 'workflows')), read<Measured>('bench/results/operations.json'));
const resource = (type: string, properties: Record<string, unknown>, region = 'us-east-1'): TemplateResource => ({ stack: `Test-${region}`, region, logicalId: 'R', type, properties });
const usd = (lines: { usd: number }[]) => lines.reduce((a, l) => a + l.usd, 0);

it('prices a CloudFront web ACL per ACL, rule and web request', () => {
  const bill = priceTemplates([resource('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT', Rules: [{}, {}, {}] })], traffic, prices);
  const requests = profile.web.pageViews * profile.web.requestsPerPageView;
  expect(usd(bill.lines)).toBeCloseTo(5 + 3 + (requests / 1e6) * 0.6, 6);
});

it('prices a secret per month and per read on a provider task cold start', () => {
  const bill = priceTemplates([resource('AWS::SecretsManager::Secret', { Name: 'bigsmokes/payment-provider' })], traffic, prices);
  const us = traffic.regions['us-east-1'];
  const coldStarts = profile.lambda.providerTasks.reduce((a, t) => a + (us.invocations[t] ?? 0), 0) * profile.lambda.coldStartShare;
  expect(bill.lines.map((l) => [l.item, l.quantity])).toEqual([['secrets', 1], ['GetSecretValue (cold starts)', coldStarts]]);
  expect(usd(bill.lines)).toBeCloseTo(0.4 + (coldStarts / 10_000) * 0.05, 6);
});

it('prices a metric-math alarm per metric, and a high-resolution one at its own price', () => {
  const math = resource('AWS::CloudWatch::Alarm', { Metrics: [{ Id: 'a', MetricStat: {} }, { Id: 'b', MetricStat: {} }, { Id: 'e', Expression: 'a/b' }] });
  const fast = resource('AWS::CloudWatch::Alarm', { Period: 10, MetricName: 'Errors' });
  expect(priceTemplates([math], traffic, prices).lines[0]).toMatchObject({ quantity: 2, usd: 0.2 });
  expect(priceTemplates([fast], traffic, prices).lines[0]).toMatchObject({ quantity: 1, usd: 0.3 });
});

it('prices an EXPRESS state machine per request and rounded-up 100 ms of 64 MB', () => {
  const bill = priceTemplates([resource('AWS::StepFunctions::StateMachine', { StateMachineName: 'bigsmokes-checkout', StateMachineType: 'EXPRESS' })], traffic, prices);
  const w = traffic.regions['us-east-1'].workflows.checkout;
  const [requests, duration] = bill.lines;
  expect(requests.quantity).toBeCloseTo(w.executions, 6);
  expect(duration.quantity).toBeCloseTo(w.executions * (Math.ceil(w.meanSeconds * 10) / 10) * (64 / 1024), 6);
});

it('refuses a profile whose regions do not add up, with a typed error', () => {
  expect(() => checkProfile({ ...profile, regionShare: { 'us-east-1': 0.5 } })).toThrow(InputError);
  expect(() => checkProfile({ ...profile, ordersPerMonth: -1 })).toThrow('ordersPerMonth must be a number ≥ 0');
});

it('prices provisioned concurrency on the alias that holds it, and a scheduled function per run of its schedule', () => {
  const fn: TemplateResource = { stack: 'Test-us-east-1', region: 'us-east-1', logicalId: 'ReconcileFn', type: 'AWS::Lambda::Function',
    properties: { FunctionName: 'bigsmokes-ReconcilePayments', MemorySize: 1024, Architectures: ['arm64'] } };
  const alias: TemplateResource = { ...fn, logicalId: 'Live', type: 'AWS::Lambda::Alias',
    properties: { FunctionName: { Ref: 'ReconcileFn' }, ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 } } };
  const rule: TemplateResource = { ...fn, logicalId: 'Every15', type: 'AWS::Events::Rule',
    properties: { ScheduleExpression: 'rate(15 minutes)', Targets: [{ Arn: { 'Fn::GetAtt': ['ReconcileFn', 'Arn'] }, Id: 'T' }] } };
  const bill = priceTemplates([fn, alias, rule], traffic, prices);
  const provisioned = bill.lines.find((l) => l.priceKey === 'lambda.provisionedGbSecond')!;
  expect(provisioned.quantity).toBeCloseTo(2 * 1 * 730 * 3600, 6);
  const requests = bill.lines.find((l) => l.resource.endsWith('/ReconcileFn') && l.priceKey === 'lambda.request')!;
  expect(requests.quantity).toBeCloseTo((730 * 60) / 15, 6);
  expect(bill.notPriced).toEqual([]);
});

it('prices a one-time at() schedule as no run a month, and says it runs once', () => {
  // EventBridge Scheduler: "A one-time schedule is a schedule that invokes a target only once"
  // (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html).
  const schedule = resource('AWS::Scheduler::Schedule', { ScheduleExpression: 'at(2027-11-06T21:10:18)', Target: { Arn: 'arn:aws:sns:us-east-1:1:alarms' } });
  expect(priceTemplates([schedule], traffic, prices).lines.map((l) => [l.item, l.quantity]))
    .toEqual([['Scheduler invocations (at(2027-11-06T21:10:18): one run in its life)', 0]]);
});

it("counts a scheduled task's reads and writes per run of its schedule, from the templates' schedules", () => {
  const fn: TemplateResource = { stack: 'Test-us-east-1', region: 'us-east-1', logicalId: 'SweepFn', type: 'AWS::Lambda::Function',
    properties: { FunctionName: 'bigsmokes-SweepReservations', MemorySize: 512, Architectures: ['arm64'] } };
  const rule: TemplateResource = { ...fn, logicalId: 'EveryMinute', type: 'AWS::Events::Rule',
    properties: { ScheduleExpression: 'rate(1 minute)', Targets: [{ Arn: { 'Fn::GetAtt': ['SweepFn', 'Arn'] }, Id: 'T' }] } };
  const scheduled = scheduledRuns([fn, rule]);
  expect(scheduled).toEqual({ 'us-east-1': { SweepReservations: 730 * 60 } });
  const measured = read<Measured>('bench/results/operations.json');
  const sweep = measured.results.operations.SweepReservations.tables['bigsmokes-inventory'];
  const withSchedule = trafficOf(profile, workflowRoutes(path.join(root, 'workflows')), measured, scheduled).regions['us-east-1'];
  const read1 = Math.max(sweep.readCalls * 0.5, sweep.readItems * 0.5); // eventually consistent Scan
  expect(withSchedule.tables['bigsmokes-inventory'].readUnits - traffic.regions['us-east-1'].tables['bigsmokes-inventory'].readUnits).toBeCloseTo(730 * 60 * read1, 3);
  // Its invocations are billed once, on the function (not again as traffic).
  expect(withSchedule.invocations.SweepReservations).toBeUndefined();
});
