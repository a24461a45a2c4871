// The cost model prices what the synthesised templates hold: every resource lands in the bill, in
// the list of types AWS does not bill, or in the "not priced" list; a resource added to a stack
// shows up in one of them. Built from the repository's own CDK app, as `npm run synth` builds it.
// Prices: AWS's pricing pages as recorded in cost/prices.json (e.g. CloudWatch alarms $0.10 a metric
// a month, dashboards $3: https://aws.amazon.com/cloudwatch/pricing/).
import fs from 'node:fs';
import path from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnAlarm, CfnDashboard } from 'aws-cdk-lib/aws-cloudwatch';
import { repositorySources, type Deployment } from '../../infra/app.ts';
import { priceTemplates } from '../../cost/bill.ts';
import type { Measured, PriceTable, TrafficProfile } from '../../cost/inputs.ts';
import { noCharge } from '../../cost/pricers.ts';
import { readTemplates, type TemplateResource } from '../../cost/templates.ts';
import { trafficOf, workflowRoutes } from '../../cost/traffic.ts';
import { projectRoot, synthesise } from '../infra/synth.ts';

const read = <T>(file: string) => JSON.parse(fs.readFileSync(path.join(projectRoot, file), 'utf8')) as T;
const prices = read<PriceTable>('cost/prices.json');
const profile = read<TrafficProfile>('profiles/launch.json');
const traffic = trafficOf(profile, workflowRoutes(path.join(projectRoot, 'workflows')), read<Measured>('bench/results/operations.json'));
const ADDED = ['CostTestAlarm', 'CostTestDashboard', 'CostTestUnknown'];

let deployment: Deployment;
let resources: TemplateResource[];
beforeAll(() => {
  deployment = synthesise(repositorySources(projectRoot));
  const monitoring = deployment.regions.get('us-east-1')!.monitoring;
  new CfnAlarm(monitoring, 'CostTestAlarm', {
    namespace: 'AWS/Lambda', metricName: 'Errors', statistic: 'Sum', period: 60, evaluationPeriods: 1, threshold: 1, comparisonOperator: 'GreaterThanThreshold',
  });
  new CfnDashboard(monitoring, 'CostTestDashboard', { dashboardBody: '{"widgets":[]}' });
  // A billable type the model has no pricer for.
  new CfnResource(monitoring, 'CostTestUnknown', { type: 'AWS::ElastiCache::ServerlessCache', properties: { ServerlessCacheName: 'cost-test', Engine: 'valkey' } });
  resources = readTemplates(deployment.app.synth().directory);
}, 120_000);
afterAll(() => fs.rmSync(deployment.app.outdir, { recursive: true, force: true }));

const without = (ids: string[]) => resources.filter((r) => !(r.region === 'us-east-1' && r.stack.includes('Monitoring') && ids.includes(r.logicalId)));

it('accounts for every resource of every stack: billed, named as not billed by AWS, or listed as not priced', () => {
  const bill = priceTemplates(resources, traffic, prices);
  const billed = new Set(bill.lines.map((l) => l.resource));
  const unpriced = new Set(bill.notPriced.map((n) => n.resource));
  const missing = resources.filter((r) => !billed.has(`${r.stack}/${r.logicalId}`) && !unpriced.has(`${r.stack}/${r.logicalId}`)
    && !noCharge[r.type] && !r.type.startsWith('Custom::'));
  expect(missing).toEqual([]);
  expect(resources.length).toBeGreaterThan(800);
  // Every price used names its source and what the stored copy of it showed.
  for (const key of new Set(bill.lines.map((l) => l.priceKey))) {
    expect(prices.prices[key]).toMatchObject({ source: expect.stringMatching(/^https:\/\//), evidence: expect.any(String) });
  }
});

it('bills a resource added to a stack, and lists a type it cannot price', () => {
  const before = priceTemplates(without(ADDED), traffic, prices);
  const after = priceTemplates(resources, traffic, prices);
  const added = after.lines.filter((l) => ADDED.some((id) => l.resource.endsWith(`/${id}`)));
  expect(added.map((l) => [l.resource.split('/')[1], l.service, l.usd])).toEqual([
    ['CostTestAlarm', 'CloudWatch', 0.10],
    ['CostTestDashboard', 'CloudWatch', 3.00],
  ]);
  expect(after.total - before.total).toBeCloseTo(3.10, 6);
  expect(after.notPriced).toContainEqual({ resource: 'BigSmokes-Monitoring-us-east-1/CostTestUnknown', region: 'us-east-1', type: 'AWS::ElastiCache::ServerlessCache',
    reason: 'no pricer for this resource type' });
  expect(before.notPriced.map((n) => n.type)).not.toContain('AWS::ElastiCache::ServerlessCache');
});

it('prices each function at its memory and architecture, and every replica of a global table', () => {
  const bill = priceTemplates(without(ADDED), traffic, prices);
  const fn = resources.find((r) => r.type === 'AWS::Lambda::Function' && r.properties.FunctionName === 'bigsmokes-CapturePayment' && r.region === 'eu-west-1')!;
  const duration = bill.lines.find((l) => l.resource === `${fn.stack}/${fn.logicalId}` && l.priceKey.startsWith('lambda.gbSecond'))!;
  const invocations = traffic.regions['eu-west-1'].invocations.CapturePayment;
  expect(duration.priceKey).toBe(`lambda.gbSecond.${(fn.properties.Architectures as string[])[0]}`);
  expect(duration.quantity).toBeCloseTo(invocations * (Number(fn.properties.MemorySize) / 1024) * (traffic.taskMs.CapturePayment / 1000), 6);
  // A shared function is billed for every task it runs (one alias each), at its own memory.
  const shared = resources.find((r) => r.type === 'AWS::Lambda::Function' && r.properties.FunctionName === 'bigsmokes-Checkout' && r.region === 'eu-west-1')!;
  const requests = bill.lines.find((l) => l.resource === `${shared.stack}/${shared.logicalId}` && l.priceKey === 'lambda.request')!;
  const eu = traffic.regions['eu-west-1'].invocations;
  expect(requests.quantity).toBeCloseTo(['ValidateOrder', 'ReserveStock', 'AuthorisePayment', 'StoreOrder', 'VoidPayment', 'ReleaseStock']
    .reduce((a, t) => a + (eu[t] ?? 0), 0), 6);
  const orders = bill.lines.filter((l) => l.item === 'bigsmokes-orders: replicated writes');
  expect(orders.map((l) => l.region).sort()).toEqual(['ap-southeast-1', 'eu-west-1', 'us-east-1']);
  const allWrites = Object.values(traffic.regions).reduce((a, t) => a + t.tables['bigsmokes-orders'].writeUnits, 0);
  for (const l of orders) expect(l.quantity).toBeCloseTo(allWrites, 6); // each write is paid in every replica
});

it('bills each replica: a secret replicated to three regions is three secrets, read in each; the user pool replica per MAU in its region', () => {
  // Secrets Manager: "A replica secret is considered a distinct secret and will also be billed per replica per month"
  // (https://aws.amazon.com/secrets-manager/pricing/, as transcribed in cost/prices.json's source for secretsmanager.secret).
  const bill = priceTemplates(without(ADDED), traffic, prices);
  const secret = resources.find((r) => r.type === 'AWS::SecretsManager::Secret' && r.properties.Name === 'bigsmokes/payment-provider')!;
  const secretLines = bill.lines.filter((l) => l.resource === `${secret.stack}/${secret.logicalId}` && l.priceKey === 'secretsmanager.secret');
  expect(secretLines.map((l) => l.region).sort()).toEqual(['ap-southeast-1', 'eu-west-1', 'us-east-1']);
  const reads = bill.lines.filter((l) => l.resource === `${secret.stack}/${secret.logicalId}` && l.priceKey === 'secretsmanager.apiCall');
  expect(reads.map((l) => l.region).sort()).toEqual(['ap-southeast-1', 'eu-west-1', 'us-east-1']);
  expect(reads.find((l) => l.region === 'eu-west-1')!.quantity).toBeGreaterThan(0);
  const replica = resources.find((r) => r.type === 'AWS::Cognito::UserPoolReplica')!;
  const pool = resources.find((r) => r.type === 'AWS::Cognito::UserPool' && r.stack === replica.stack)!;
  const replicaLines = bill.lines.filter((l) => l.resource === `${replica.stack}/${replica.logicalId}`);
  expect(replicaLines.map((l) => [l.region, l.priceKey, l.quantity])).toEqual([
    [replica.properties.RegionName, `cognito.replicaMau.${pool.properties.UserPoolTier}`, profile.identity.monthlyActiveUsers],
  ]);
  expect(bill.notPriced.map((n) => n.type)).not.toContain('AWS::Cognito::UserPoolReplica');
});
