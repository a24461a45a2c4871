// Issue 17's production review, on the repository's own app as `npm run deploy` would ship it to a
// fresh account: cdk.json as committed (no account, no domain, no hosted zone; the account comes from
// the CDK CLI's environment), synthesised once for every assertion of this file.
import fs from 'node:fs';
import path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { Stack } from 'aws-cdk-lib';
import { repositorySources, type Deployment } from '../../infra/app.ts';
import { taskRegistry } from '../../tasks/registry.ts';
import { resolverMap } from '../../schema/resolver-map.ts';
import { sharedFunctions } from '../../infra/shared-functions.ts';
import { functionName, stateMachineName, workflows } from '../../infra/names.ts';
import { codeActions, IDEMPOTENCY_ACTIONS } from '../../infra/lib/code-actions.ts';
import { resolverActions } from '../../infra/lib/resolver-actions.ts';
import { appsyncCode } from '../../infra/lib/appsync-code.ts';
import { APPSYNC_TIMEOUT_SECONDS, BUDGET_SECONDS, longestPath, type Definition } from '../../infra/lib/time-budget.ts';
import { COMMON_RULE_SET, RATE_LIMIT_PER_IP } from '../../infra/lib/web-acl.ts';
import { providerSecrets } from '../../infra/lib/provider-secrets.ts';
import { API_KEY_VALIDITY } from '../../infra/stacks/api-stack.ts';
import { API_KEY_WARNING } from '../../infra/stacks/monitoring-stack.ts';
import { UNEXPECTED_ERROR_METRIC } from '../../tasks/lib/metric-names.ts';
import { cdkContext, projectRoot, synthesise } from './synth.ts';

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
interface Statement { Sid?: string; Action: string | string[]; Resource: unknown }
const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

let deployment: Deployment;
const templates = new Map<Stack, Template>();
const template = (stack: Stack): Template => {
  if (!templates.has(stack)) templates.set(stack, Template.fromStack(stack));
  return templates.get(stack)!;
};
const resources = (stack: Stack, type: string) => template(stack).findResources(type) as Record<string, Resource>;
const all = (type: string) => deployment.stacks.flatMap((stack) => Object.values(resources(stack, type)).map((r) => ({ stack, r })));
const regions = () => [...deployment.regions.entries()];
const policyStatements = (stack: Stack, roleLogicalIdPart: string): Statement[] =>
  Object.values(resources(stack, 'AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(roleLogicalIdPart))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
const dynamoActions = (statements: Statement[]) => new Set(statements.flatMap((s) => asList(s.Action)).filter((a) => a.startsWith('dynamodb:')));

beforeAll(() => {
  deployment = synthesise(repositorySources(projectRoot));
});
afterAll(() => fs.rmSync(deployment.app.outdir, { recursive: true, force: true }));

describe('a fresh account, no domain (cdk.json as committed)', () => {
  it('names no account, domain or hosted zone in cdk.json, and takes the account from the CDK CLI', () => {
    const context = cdkContext();
    expect(['bigsmokes:account', 'bigsmokes:domainName', 'bigsmokes:hostedZoneId'].filter((k) => k in context)).toEqual([]);
    expect(deployment.config.domain).toBeUndefined();
    expect(deployment.stacks.every((s) => s.account === deployment.config.account)).toBe(true);
  });

  it('creates no certificate, custom domain, record set or health check anywhere', () => {
    expect(deployment.certificates).toBeUndefined();
    for (const type of ['AWS::CertificateManager::Certificate', 'AWS::AppSync::DomainName', 'AWS::AppSync::DomainNameApiAssociation',
      'AWS::Route53::RecordSet', 'AWS::Route53::HealthCheck']) {
      expect(all(type).map(({ stack }) => `${stack.stackName}: ${type}`)).toEqual([]);
    }
    expect(JSON.stringify(template(deployment.frontend).toJSON())).not.toContain('Aliases');
  });

  it('reserves no concurrency: a fresh account\'s default Lambda quota deploys', () => {
    const reserved = all('AWS::Lambda::Function').filter(({ r }) => r.Properties.ReservedConcurrentExecutions !== undefined);
    expect(reserved.map(({ r }) => r.Properties.FunctionName)).toEqual([]);
  });

  it('outputs every region\'s default AppSync URLs and the CloudFront URL', () => {
    for (const [, { api }] of regions()) {
      const outputs = template(api).toJSON().Outputs as Record<string, { Value: unknown }>;
      const apiId = template(api).findResources('AWS::AppSync::GraphQLApi');
      const logicalId = Object.keys(apiId)[0];
      expect(outputs.GraphqlUrl.Value).toEqual({ 'Fn::GetAtt': [logicalId, 'GraphQLUrl'] });
      expect(outputs.RealtimeUrl.Value).toEqual({ 'Fn::GetAtt': [logicalId, 'RealtimeUrl'] });
    }
    const web = (template(deployment.frontend).toJSON().Outputs as Record<string, { Value: unknown }>).WebUrl.Value;
    expect(JSON.stringify(web)).toContain('DomainName');
  });

  it('deploys outputs.json with the web app, in both web buckets: every region\'s endpoints, read from their stacks at deploy time', () => {
    for (const stack of [deployment.frontend, deployment.frontendFailover]) {
      const [upload] = Object.values(resources(stack, 'Custom::CDKBucketDeployment'));
      const markers = Object.assign({}, ...(upload.Properties.SourceMarkers as Record<string, unknown>[])) as Record<string, unknown>;
      const keys = JSON.stringify(upload.Properties.SourceObjectKeys);
      const file = fs.readdirSync(deployment.app.outdir)
        .map((dir) => path.join(deployment.app.outdir, dir, 'outputs.json'))
        .find((candidate) => fs.existsSync(candidate) && keys.includes(path.basename(path.dirname(candidate)).replace('asset.', '')));
      expect(file).toBeDefined();
      const outputs = JSON.parse(fs.readFileSync(file!, 'utf8')) as { region: string; regions: Record<string, Record<string, string>> } & Record<string, unknown>;
      const resolved = (value: unknown) => JSON.stringify(markers[value as string] ?? value);
      // The keys web/src/config.ts requires, then the regions map the app fails over with.
      expect(outputs.region).toBe('us-east-1');
      for (const key of ['graphqlUrl', 'apiKey', 'userPoolId', 'userPoolClientId']) expect(resolved(outputs[key])).toContain('Fn::GetStackOutput');
      expect(resolved(outputs.userPoolId)).toContain('BigSmokes-Auth-us-east-1');
      expect(Object.keys(outputs.regions)).toEqual(deployment.config.regions);
      for (const [region, entry] of Object.entries(outputs.regions)) {
        expect(resolved(entry.graphqlUrl)).toMatch(new RegExp(`BigSmokes-Api-${region}.*GraphQLUrl`));
        expect(resolved(entry.realtimeUrl)).toMatch(new RegExp(`BigSmokes-Api-${region}.*RealtimeUrl`));
        expect(resolved(entry.apiKey)).toMatch(new RegExp(`BigSmokes-Api-${region}.*ApiKey`));
        expect(entry.cognitoEndpoint).toBe(`https://cognito-idp.${region === 'us-east-1' ? 'us-east-1' : 'eu-west-1'}.amazonaws.com/`);
      }
    }
  });

  it('verifies tokens in each region against its own copy of the replicated user pool (the third region: the replica\'s)', () => {
    const expected: Record<string, string> = { 'us-east-1': 'us-east-1', 'eu-west-1': 'eu-west-1', 'ap-southeast-1': 'eu-west-1' };
    for (const [region, { api }] of regions()) {
      template(api).hasResourceProperties('AWS::AppSync::GraphQLApi', { UserPoolConfig: Match.objectLike({ AwsRegion: expected[region] }) });
    }
    template(deployment.auth).hasResourceProperties('AWS::Cognito::UserPoolReplica', { RegionName: 'eu-west-1' });
  });

  it('leaves nothing behind that a redeploy after a failed first deploy would trip on: named retained resources are RetainExceptOnCreate', () => {
    const named = ['AWS::DynamoDB::GlobalTable', 'AWS::Cognito::UserPool', 'AWS::S3::Bucket', 'AWS::KMS::ReplicaKey', 'AWS::SecretsManager::Secret'];
    for (const type of named) {
      for (const { stack, r } of all(type)) {
        expect(`${stack.stackName} ${type}: ${r.DeletionPolicy}`).toMatch(/: (RetainExceptOnCreate|Delete)$/);
      }
    }
    expect(all('AWS::DynamoDB::GlobalTable').length).toBeGreaterThan(0);
  });
});

describe('Checkout ends before AppSync gives up (infra/lib/time-budget.ts)', () => {
  it('gives every Checkout task and the execution a TimeoutSeconds, and its longest path (every step at its worst, then every compensation) sums under 30 s', () => {
    for (const [, { workflows: stack }] of regions()) {
      const checkout = Object.values(resources(stack, 'AWS::StepFunctions::StateMachine'))
        .find((m) => m.Properties.StateMachineName === stateMachineName('Checkout'))!;
      const { Key } = checkout.Properties.DefinitionS3Location as { Key: string };
      const definition = JSON.parse(fs.readFileSync(path.join(deployment.app.outdir, `asset.${Key}`), 'utf8')) as Definition;
      const tasks = Object.entries(definition.States).filter(([, s]) => s.Type === 'Task');
      expect(tasks.filter(([, s]) => s.TimeoutSeconds === undefined).map(([n]) => n)).toEqual([]);
      const longest = longestPath(definition);
      expect(longest.states).toEqual(['ValidateOrder', 'PlacedElsewhere', 'ReserveStock', 'AuthorisePayment', 'StoreOrder', 'StartFulfilment', 'MarkOrderFailed', 'VoidPayment', 'ReleaseStock', 'CheckoutFailed']);
      expect(longest.seconds).toBeLessThanOrEqual(BUDGET_SECONDS);
      // The execution's own timeout: no earlier than its longest path, before AppSync gives up.
      expect(definition.TimeoutSeconds).toBe(BUDGET_SECONDS);
      expect(BUDGET_SECONDS).toBeLessThan(APPSYNC_TIMEOUT_SECONDS);
    }
  });

  it('computes a task\'s worst case as every attempt timing out plus every backoff (a hand-worked definition)', () => {
    const definition: Definition = {
      StartAt: 'A',
      States: {
        // 2 s × (1 + 2 retries) + waits of 1 s and min(2 s, 1.5 s) = 8.5 s
        A: { Type: 'Task', TimeoutSeconds: 2, Retry: [{ ErrorEquals: ['X'], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 2, MaxDelaySeconds: 1.5 }], Catch: [{ Next: 'C' }], Next: 'B' },
        B: { Type: 'Task', TimeoutSeconds: 1, End: true },
        C: { Type: 'Task', TimeoutSeconds: 3, End: true },
      },
    };
    expect(longestPath(definition)).toEqual({ seconds: 11.5, states: ['A', 'C'] });
    expect(() => longestPath({ StartAt: 'A', States: { A: { Type: 'Task', End: true } } })).toThrow(/no TimeoutSeconds/);
  });
});

describe('alarms that mean something', () => {
  const standard = workflows.filter((w) => w.type === 'STANDARD' && fs.existsSync(path.join(projectRoot, w.file)));
  const express = workflows.filter((w) => w.type === 'EXPRESS' && fs.existsSync(path.join(projectRoot, w.file)));
  const services = new Set(Object.values(taskRegistry).map((t) => t.service));
  // Failed, timed out, throttled per STANDARD machine; timed out and throttled per EXPRESS one;
  // unexpected errors per service; Lambda throttles; p99 per synchronous-path function; API p99,
  // API 5xx, dead letters.
  // Plus the payment reconciliation's own alarm (infra/lib/payment-reconciliation.ts, in the Tasks stack).
  const perRegion = 3 * standard.length + 2 * express.length + services.size + 1 + Object.keys(sharedFunctions).length + 3
    + ('ReconcilePayments' in taskRegistry ? 1 : 0);

  it(`counts ${perRegion} alarms per region, none on a business outcome`, () => {
    for (const [region, stacks] of regions()) {
      const alarms = Object.values(stacks).flatMap((stack) => Object.values(resources(stack, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties));
      expect(alarms).toHaveLength(perRegion);
      // Lambda's Errors count declined cards and out-of-stock checkouts: never alarmed.
      expect(alarms.filter((a) => a.Namespace === 'AWS/Lambda' && a.MetricName === 'Errors')).toEqual([]);
      // Checkout's Fail state is how business outcomes end it: its failures are not alarmed.
      const failed = alarms.filter((a) => a.MetricName === 'ExecutionsFailed').map((a) => JSON.stringify(a.Dimensions));
      expect(failed).toHaveLength(standard.length);
      expect(failed.some((d) => d.includes(stateMachineName('Checkout')))).toBe(false);
      const unexpected = alarms.filter((a) => a.MetricName === UNEXPECTED_ERROR_METRIC && a.Namespace === 'BigSmokes');
      expect(unexpected.map((a) => (a.Dimensions as { Value: string }[])[0].Value).sort()).toEqual([...services].sort());
      expect(alarms.some((a) => a.Namespace === 'AWS/Lambda' && a.MetricName === 'Throttles' && a.Dimensions === undefined)).toBe(true);
      expect(alarms.every((a) => !/Declined|OutOfStock|AgeRestricted|ShippingRestricted|PriceMismatch/.test(JSON.stringify(a)))).toBe(true);
      expect(region).toBeTruthy();
    }
  });

  it('warns the alarm topic a month before the public API key expires (AppSync keys live at most a year)', () => {
    for (const [, { api, monitoring }] of regions()) {
      const [key] = Object.values(resources(api, 'AWS::AppSync::ApiKey'));
      const expires = (key.Properties.Expires as number) * 1000;
      expect(expires - Date.now()).toBeGreaterThan(API_KEY_VALIDITY.toMilliseconds() - 3_600_000);
      const [schedule] = Object.values(resources(monitoring, 'AWS::Scheduler::Schedule'));
      const at = new Date(`${/^at\((.*)\)$/.exec(schedule.Properties.ScheduleExpression as string)![1]}Z`).getTime();
      expect(expires - at).toBeGreaterThanOrEqual(API_KEY_WARNING.toMilliseconds() - 1000);
      expect(JSON.stringify(schedule.Properties.Target)).toContain('Alarms');
    }
  });
});

describe('least privilege: every task and data source holds exactly the actions its code uses', () => {
  it('gives each task function exactly the DynamoDB actions its code calls (plus Idempotency\'s on its table), and no DescribeTable', () => {
    const shared = Object.entries(sharedFunctions);
    for (const [, { tasks }] of regions()) {
      const entries: [string, string][] = [
        ...Object.entries(taskRegistry).filter(([name]) => !shared.some(([, f]) => f.tasks.includes(name))).map(([name, t]): [string, string] => [name, t.entry]),
        ...shared.map(([name, f]): [string, string] => [name, f.entry]),
      ];
      for (const [name, entry] of entries) {
        const statements = policyStatements(tasks, `${name}Role`);
        const code = codeActions(projectRoot, entry);
        const idempotency = statements.filter((s) => s.Sid === 'IdempotencyRecords');
        expect({ name, actions: dynamoActions(statements.filter((s) => s.Sid !== 'IdempotencyRecords')) }).toEqual({ name, actions: code.dynamodb });
        expect(dynamoActions(idempotency)).toEqual(new Set(code.idempotency ? IDEMPOTENCY_ACTIONS : []));
        expect([...dynamoActions(statements)]).not.toContain('dynamodb:DescribeTable');
      }
    }
  });

  it('gives each task exactly the other AWS actions its code calls (the registry\'s actions, checked against the SDK commands its code constructs)', () => {
    // DynamoDB's commands are granted from the code itself (above); the payment and carrier secrets
    // are read through Powertools Parameters (no command of ours), granted by infra/lib/provider-secrets.ts.
    const dynamodbCommands = new Set(['Get', 'GetItem', 'BatchGet', 'BatchGetItem', 'Query', 'Scan', 'Put', 'PutItem', 'Update', 'UpdateItem',
      'Delete', 'DeleteItem', 'BatchWrite', 'BatchWriteItem', 'TransactWrite', 'TransactWriteItems', 'TransactGet', 'TransactGetItems', 'DescribeTable']);
    for (const [name, task] of Object.entries(taskRegistry)) {
      const called = [...codeActions(projectRoot, task.entry).operations].filter((op) => !dynamodbCommands.has(op)).sort();
      const declared = (task.actions ?? []).filter((a) => a !== 'secretsmanager:GetSecretValue').map((a) => a.split(':')[1]).sort();
      expect({ name, declared }).toEqual({ name, declared: called });
    }
  });

  it('lets the checkout reach the other regions\' replicas only as far as it must: claim its order (Idempotency: put, delete), copy it (Orders: put), and its fenced compensations read the owner (Orders: get)', () => {
    for (const [region, { tasks }] of regions()) {
      const others = [...deployment.regions.keys()].filter((r) => r !== region);
      const crossRegion = policyStatements(tasks, 'CheckoutRole').filter((s) => JSON.stringify(s.Resource).includes(`:dynamodb:${others[0]}:`));
      const reach = crossRegion.map((s) => ({ actions: asList(s.Action).sort(), tables: JSON.stringify(s.Resource).match(/table\/[a-z-]+/g)?.sort() }));
      expect(reach).toEqual(expect.arrayContaining([
        { actions: ['dynamodb:DeleteItem', 'dynamodb:PutItem'], tables: ['table/bigsmokes-idempotency', 'table/bigsmokes-idempotency'] },
        { actions: ['dynamodb:PutItem'], tables: ['table/bigsmokes-orders', 'table/bigsmokes-orders'] },
        { actions: ['dynamodb:GetItem'], tables: ['table/bigsmokes-orders', 'table/bigsmokes-orders'] },
      ]));
      expect(reach).toHaveLength(3);
    }
  });

  it('lets every fenced saga task read, and only read, the order\'s owner in the other regions\' replicas (PEER_REGIONS)', () => {
    const fenced = Object.entries(taskRegistry).filter(([name]) => !sharedFunctions.Checkout!.tasks.includes(name))
      .filter(([, t]) => /\bfenced:\s*true\b/.test(fs.readFileSync(path.join(projectRoot, t.entry), 'utf8'))).map(([name]) => name);
    expect(fenced.length).toBeGreaterThan(10);
    for (const [region, { tasks }] of regions()) {
      const others = [...deployment.regions.keys()].filter((r) => r !== region);
      for (const name of fenced) {
        const crossRegion = policyStatements(tasks, `${name}Role`).filter((s) => JSON.stringify(s.Resource).includes(`:dynamodb:${others[0]}:`));
        expect({ name, reach: crossRegion.map((s) => [asList(s.Action), JSON.stringify(s.Resource).match(/table\/[a-z-]+/g)]) })
          .toEqual({ name, reach: [[['dynamodb:GetItem'], ['table/bigsmokes-orders', 'table/bigsmokes-orders']]] });
        const fn = Object.values(resources(tasks, 'AWS::Lambda::Function')).find((f) => JSON.stringify(f.Properties.Role).includes(`${name}Role`));
        expect((fn?.Properties.Environment as { Variables: Record<string, string> }).Variables.PEER_REGIONS?.split(',').sort()).toEqual([...others].sort());
      }
    }
  });

  it('lets only the tasks whose code scans (the reservation sweeper, the region adoption and hand-back, the payment reconciliation) Scan', () => {
    const { tasks } = deployment.regions.get('us-east-1')!;
    const scanners = Object.values(resources(tasks, 'AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.PolicyDocument).includes('dynamodb:Scan'))
      .map((p) => JSON.stringify(p.Properties.Roles).match(/(\w+?)Role/)?.[1]);
    expect(scanners.sort()).toEqual(['AdoptRegion', 'HandBackStock', 'ReconcilePayments', 'SweepReservations']);
  });

  it('lets the hand-back of a returned region\'s stock write only stock rows: UpdateItem on the Inventory table, Orders only read', () => {
    for (const [, { tasks, workflows: machines }] of regions()) {
      const statements = policyStatements(tasks, 'HandBackStockRole').filter((s) => s.Sid !== 'IdempotencyRecords');
      const writes = statements.filter((s) => asList(s.Action).some((a) => /^dynamodb:(UpdateItem|PutItem|DeleteItem|BatchWriteItem)$/.test(a)));
      expect(writes.length).toBeGreaterThan(0);
      for (const statement of writes) {
        expect(asList(statement.Action).filter((a) => a.startsWith('dynamodb:'))).toEqual(['dynamodb:UpdateItem']);
        expect(JSON.stringify(statement.Resource)).toContain('bigsmokes-inventory');
        expect(JSON.stringify(statement.Resource)).not.toContain('bigsmokes-orders');
      }
      // The runbook an operator starts in the adopting region (infra/README.md, "Region evacuation").
      template(machines).hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineName: stateMachineName('HandBack'), StateMachineType: 'STANDARD' });
    }
  });

  it('gives each DynamoDB data source exactly what its resolvers call: read-only ones cannot write', () => {
    for (const [, { api }] of regions()) {
      for (const source of resolverMap.dataSources.filter((d) => d.type === 'AMAZON_DYNAMODB')) {
        const files = [...resolverMap.functions.filter((f) => f.dataSource === source.name).map((f) => f.code),
          ...resolverMap.resolvers.flatMap((r) => (r.kind === 'UNIT' && r.dataSource === source.name ? [r.code] : []))];
        const expected = new Set(files.flatMap((f) => [...resolverActions(appsyncCode(projectRoot, f), f)]));
        const granted = dynamoActions(policyStatements(api, `DataSource${source.name}Role`));
        expect({ source: source.name, granted }).toEqual({ source: source.name, granted: expected });
      }
      // Payments and shipments are only read through the API.
      for (const readOnly of ['PaymentsTable', 'ShipmentsTable']) {
        expect([...dynamoActions(policyStatements(api, `DataSource${readOnly}Role`))].filter((a) => /Put|Update|Delete|Write/.test(a))).toEqual([]);
      }
    }
  });
});

describe('edge protection: AWS WAF', () => {
  const expectRules = (rules: unknown) => {
    expect(rules).toEqual([
      expect.objectContaining({ Name: 'RateLimitPerIp', Action: { Block: {} }, Statement: { RateBasedStatement: expect.objectContaining({ Limit: RATE_LIMIT_PER_IP, AggregateKeyType: 'IP' }) } }),
      expect.objectContaining({ Name: COMMON_RULE_SET, Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: COMMON_RULE_SET } } }),
    ]);
  };

  it('attaches a regional web ACL (rate limit per IP, AWS common rule set) to every region\'s API', () => {
    for (const [, { api }] of regions()) {
      const [acl] = Object.values(resources(api, 'AWS::WAFv2::WebACL'));
      expect(acl.Properties.Scope).toBe('REGIONAL');
      expectRules(acl.Properties.Rules);
      const apiId = Object.keys(resources(api, 'AWS::AppSync::GraphQLApi'))[0];
      template(api).hasResourceProperties('AWS::WAFv2::WebACLAssociation', { ResourceArn: { 'Fn::GetAtt': [apiId, 'Arn'] } });
    }
  });

  it('attaches a CloudFront web ACL, in us-east-1, to the distribution', () => {
    expect(deployment.frontend.region).toBe('us-east-1');
    const acls = resources(deployment.frontend, 'AWS::WAFv2::WebACL');
    const [id, acl] = Object.entries(acls)[0];
    expect(acl.Properties.Scope).toBe('CLOUDFRONT');
    expectRules(acl.Properties.Rules);
    template(deployment.frontend).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ WebACLId: { 'Fn::GetAtt': [id, 'Arn'] } }),
    });
  });
});

describe('provider secrets in Secrets Manager', () => {
  it('creates each secret once, with a generated placeholder (no value in code), replicated to every other region', () => {
    const secrets = Object.values(resources(deployment.secrets, 'AWS::SecretsManager::Secret'));
    expect(secrets.map((s) => s.Properties.Name).sort()).toEqual(['bigsmokes/carrier', 'bigsmokes/payment-provider']);
    for (const secret of secrets) {
      expect(secret.Properties.SecretString).toBeUndefined();
      expect(secret.Properties.GenerateSecretString).toMatchObject({ GenerateStringKey: 'apiKey' });
      expect(secret.Properties.ReplicaRegions).toEqual([{ Region: 'eu-west-1' }, { Region: 'ap-southeast-1' }]);
    }
  });

  it('lets only the tasks that read their provider\'s secret (payment: Stripe; carrier) read exactly it, in their own region, and gives them its name, never a value', () => {
    const readers = Object.entries(taskRegistry).filter(([, t]) => (t.actions ?? []).includes('secretsmanager:GetSecretValue')).map(([n]) => n);
    expect(readers.length).toBeGreaterThan(0);
    for (const [region, { tasks }] of regions()) {
      for (const fn of Object.values(resources(tasks, 'AWS::Lambda::Function'))) {
        const name = (fn.Properties.FunctionName as string).replace('bigsmokes-', '');
        const hosted = name in sharedFunctions ? sharedFunctions[name].tasks : [name];
        const services = new Set(hosted.filter((t) => readers.includes(t)).map((t) => taskRegistry[t].service));
        const env = (fn.Properties.Environment as { Variables: Record<string, string> }).Variables;
        const reads = policyStatements(tasks, `${name}Role`).filter((s) => asList(s.Action).includes('secretsmanager:GetSecretValue'));
        const expected = providerSecrets.filter((secret) => secret.services.some((s) => services.has(s)));
        // Exactly one statement per secret, on that secret's ARN in this region: never bigsmokes/* or another's.
        expect({ name, resources: reads.map((s) => s.Resource).sort() })
          .toEqual({ name, resources: expected.map((secret) => `arn:aws:secretsmanager:${region}:${deployment.config.account}:secret:${secret.name}-??????`).sort() });
        for (const secret of providerSecrets) {
          expect({ name, variable: secret.env, value: env[secret.env] }).toEqual({ name, variable: secret.env, value: expected.includes(secret) ? secret.name : undefined });
        }
        expect(Object.values(env).some((v) => /^(sk|rk)_(test|live)_/.test(v))).toBe(false);
      }
    }
    // The checkout path reads the payment provider's key (AuthorisePayment, VoidPayment).
    const checkout = Object.values(resources(deployment.regions.get('us-east-1')!.tasks, 'AWS::Lambda::Function')).find((f) => f.Properties.FunctionName === functionName('Checkout'))!;
    expect((checkout.Properties.Environment as { Variables: Record<string, string> }).Variables.PAYMENT_SECRET_ID).toBe('bigsmokes/payment-provider');
  });
});
