// The CDK app over a fixture registry, resolver map, schema and ASL files that use every kind of
// task, integration and data source: the synthesised templates, checked with aws-cdk-lib/assertions.
import fs from 'node:fs';
import path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { Stack } from 'aws-cdk-lib';
import { tables, type TableDefinition } from '../../infra/tables.ts';
import { functionName, stateMachineName, LIVE_ALIAS } from '../../infra/names.ts';
import { STAFF_GROUPS } from '../../infra/stacks/auth-stack.ts';
import { nagPacks } from '../../infra/lib/nag.ts';
import type { Deployment } from '../../infra/app.ts';
import { fixtureRegistry } from './fixtures/registry.ts';
import { fixtureResolverMap } from './fixtures/resolver-map.ts';
import { fixtureSources, synthesise, TEST_DOMAIN } from './synth.ts';

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;
interface Statement { Effect: string; Action: string | string[]; Resource: unknown }

let deployment: Deployment;
const templates = new Map<Stack, Template>();
const template = (stack: Stack): Template => {
  if (!templates.has(stack)) templates.set(stack, Template.fromStack(stack));
  return templates.get(stack)!;
};
const resources = (stack: Stack, type: string): Resources =>
  template(stack).findResources(type) as Resources;
const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

const EVACUATED = 'ap-southeast-1';
beforeAll(() => {
  // With a domain: the custom names, certificates, health checks and latency records (test/infra/no-domain.test.ts covers the default).
  deployment = synthesise(fixtureSources, {
    ...TEST_DOMAIN, 'bigsmokes:evacuatedRegions': [EVACUATED], 'bigsmokes:reservedConcurrency': { payment: 20, delivery: 20 },
  });
});
afterAll(() => fs.rmSync(deployment.app.outdir, { recursive: true, force: true }));

describe('stacks per region', () => {
  it('stamps tasks, workflows, api, events and monitoring into each of the three regions, offline', () => {
    expect([...deployment.regions.keys()]).toEqual(['us-east-1', 'eu-west-1', 'ap-southeast-1']);
    for (const [region, stacks] of deployment.regions) {
      for (const stack of Object.values(stacks)) {
        expect(stack.region).toBe(region);
        expect(stack.account).toBe(deployment.config.account);
      }
    }
  });
});

describe('data: global tables (DynamoDB developer guide, "Global tables: how it works")', () => {
  it('defines every table of infra/tables.ts once, in the primary region, with a replica in every region', () => {
    const globalTables = Object.values(resources(deployment.data, 'AWS::DynamoDB::GlobalTable'));
    expect(globalTables.map((t) => t.Properties?.TableName).sort()).toEqual(Object.values(tables).map((t) => t.tableName).sort());
    for (const table of globalTables) {
      const replicas = table.Properties?.Replicas as { Region: string; PointInTimeRecoverySpecification?: unknown; DeletionProtectionEnabled?: boolean }[];
      expect(replicas.map((r) => r.Region).sort()).toEqual([...deployment.config.regions].sort());
      expect(table.Properties?.BillingMode).toBe('PAY_PER_REQUEST');
      for (const replica of replicas) {
        expect(replica.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
        // Off, so a failed first deploy rolls back cleanly; the retain policies keep the data otherwise.
        expect(replica.DeletionProtectionEnabled).toBe(false);
      }
    }
    for (const stacks of deployment.regions.values()) {
      for (const stack of Object.values(stacks)) {
        template(stack).resourceCountIs('AWS::DynamoDB::GlobalTable', 0);
      }
    }
  });

  it('carries keys, indexes and TTL exactly as tables.ts defines them', () => {
    for (const table of Object.values(tables) as TableDefinition[]) {
      template(deployment.data).hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        TableName: table.tableName,
        KeySchema: [
          { AttributeName: table.partitionKey.name, KeyType: 'HASH' },
          ...(table.sortKey ? [{ AttributeName: table.sortKey.name, KeyType: 'RANGE' }] : []),
        ],
        GlobalSecondaryIndexes: table.globalIndexes.length
          ? table.globalIndexes.map((i) => Match.objectLike({ IndexName: i.indexName }))
          : Match.absent(),
        TimeToLiveSpecification: table.ttlAttribute ? { AttributeName: table.ttlAttribute, Enabled: true } : Match.absent(),
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      });
    }
  });
});

describe('workflows', () => {
  it('deploys Checkout as EXPRESS, Fulfilment and Refund as STANDARD, in every region', () => {
    const expected = { Checkout: 'EXPRESS', Fulfilment: 'STANDARD', Refund: 'STANDARD' };
    for (const { workflows } of deployment.regions.values()) {
      for (const [name, type] of Object.entries(expected)) {
        template(workflows).hasResourceProperties('AWS::StepFunctions::StateMachine', {
          StateMachineName: stateMachineName(name), StateMachineType: type,
        });
      }
    }
  });

  it('substitutes every placeholder of each definition (no ${...} is left without a value)', () => {
    const { workflows } = deployment.regions.get('eu-west-1')!;
    const machines = Object.values(resources(workflows, 'AWS::StepFunctions::StateMachine'));
    expect(machines).toHaveLength(3);
    for (const machine of machines) {
      // DefinitionBody.fromFile ships the ASL as a file asset, staged in the cloud assembly.
      const { Key } = machine.Properties?.DefinitionS3Location as { Key: string };
      const definition = fs.readFileSync(path.join(deployment.app.outdir, `asset.${Key}`), 'utf8');
      expect(JSON.parse(definition)).toHaveProperty('StartAt');
      const used = [...definition.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]);
      expect(used.length).toBeGreaterThan(0);
      const substitutions = machine.Properties?.DefinitionSubstitutions as Record<string, unknown>;
      expect(Object.keys(substitutions).sort()).toEqual([...new Set(used)].sort());
      for (const value of Object.values(substitutions)) expect(value).toBeTruthy();
    }
    const checkout = machines.find((m) => m.Properties?.StateMachineName === stateMachineName('Checkout'))!;
    const subs = checkout.Properties?.DefinitionSubstitutions as Record<string, unknown>;
    expect(subs.OrdersTableName).toBe(tables.Orders.tableName);
    expect(subs.FulfilmentStateMachineArn).toBe(`arn:aws:states:eu-west-1:${deployment.config.account}:stateMachine:${stateMachineName('Fulfilment')}:${LIVE_ALIAS}`);
    expect(JSON.stringify(subs.ValidateOrderFunctionArn)).toContain('Fn::ImportValue');
  });

  it('logs ALL (Express) or ERROR (Standard) without execution data, traces with X-Ray, and publishes a version behind an alias', () => {
    const { workflows } = deployment.regions.get('us-east-1')!;
    const t = template(workflows);
    for (const [type, level] of [['EXPRESS', 'ALL'], ['STANDARD', 'ERROR']]) {
      t.hasResourceProperties('AWS::StepFunctions::StateMachine', {
        StateMachineType: type,
        LoggingConfiguration: Match.objectLike({ Level: level, IncludeExecutionData: false }),
        TracingConfiguration: { Enabled: true },
      });
    }
    t.resourceCountIs('AWS::StepFunctions::StateMachineVersion', 3);
    t.resourcePropertiesCountIs('AWS::StepFunctions::StateMachineAlias', { Name: LIVE_ALIAS }, 3);
  });

  it('lets each machine invoke exactly the functions its definition names and start only what it starts', () => {
    const { workflows } = deployment.regions.get('us-east-1')!;
    const policies = Object.values(resources(workflows, 'AWS::IAM::Policy'));
    const statements = policies.flatMap((p) => (p.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
    const invoke = statements.filter((s) => asList(s.Action).includes('lambda:InvokeFunction'));
    expect(invoke.map((s) => asList(s.Resource).length).sort()).toEqual([1, 2, 3]);
    const start = statements.find((s) => asList(s.Action).includes('states:StartExecution'))!;
    expect(asList(start.Resource as string[]).every((r) => r.includes(stateMachineName('Fulfilment')))).toBe(true);
    const dynamo = statements.find((s) => asList(s.Action).includes('dynamodb:UpdateItem'))!;
    expect(asList(dynamo.Action)).toEqual(['dynamodb:UpdateItem']);
    expect(asList(dynamo.Resource as string[])[0]).toMatch(/table\/bigsmokes-orders$/);
    expect(statements.some((s) => asList(s.Action).includes('events:PutEvents'))).toBe(true);
  });
});

describe('tasks', () => {
  it('gives every registry task a Node.js 24 arm64 function with tracing and the Powertools environment', () => {
    for (const { tasks } of deployment.regions.values()) {
      const t = template(tasks);
      for (const [name, task] of Object.entries(fixtureRegistry)) {
        t.hasResourceProperties('AWS::Lambda::Function', {
          FunctionName: functionName(name),
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          TracingConfig: { Mode: 'Active' },
          Timeout: task.timeoutSeconds ?? 10,
          Environment: {
            Variables: Match.objectLike({
              POWERTOOLS_SERVICE_NAME: task.service,
              POWERTOOLS_METRICS_NAMESPACE: 'BigSmokes',
              POWERTOOLS_LOG_LEVEL: 'INFO',
              ORDERS_TABLE: tables.Orders.tableName,
              CARRIER: deployment.config.taskEnvironment.CARRIER,
            }),
          },
        });
      }
      t.resourceCountIs('AWS::Lambda::Function', Object.keys(fixtureRegistry).length);
    }
  });

  it('reserves concurrency, when configured, for the services whose outside provider must be protected', () => {
    const { tasks } = deployment.regions.get('us-east-1')!;
    template(tasks).hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: functionName('AuthorisePayment'), ReservedConcurrentExecutions: deployment.config.reservedConcurrency.payment,
    });
    template(tasks).hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: functionName('ValidateOrder'), ReservedConcurrentExecutions: Match.absent(),
    });
  });
});

describe('least privilege', () => {
  const allStatements = (): { owner: string; statement: Statement }[] => deployment.stacks.flatMap((stack) =>
    Object.entries({ ...resources(stack, 'AWS::IAM::Policy'), ...resources(stack, 'AWS::IAM::Role') })
      .flatMap(([logicalId, r]) => [
        ...((r.Properties?.PolicyDocument as { Statement?: Statement[] } | undefined)?.Statement ?? []),
        ...((r.Properties?.Policies as { PolicyDocument: { Statement: Statement[] } }[] | undefined) ?? []).flatMap((p) => p.PolicyDocument.Statement),
      ].map((statement) => ({ owner: `${stack.stackName}/${logicalId}`, statement }))));

  it('never allows "*" or a whole service, never a DynamoDB wildcard, on any table or every index', () => {
    const statements = allStatements();
    expect(statements.length).toBeGreaterThan(20);
    for (const { owner, statement } of statements) {
      for (const action of asList(statement.Action)) {
        expect(`${owner}: ${action}`).not.toMatch(/: (\*|[a-z0-9-]+:\*)$/);
        // Prefix wildcards (s3:GetObject*) come only from CDK's own grants: the web-upload handler,
        // and the publish grant on the encrypted alarm topic's key (both acknowledged).
        if (action.includes('*')) expect(`${owner}: ${action}`).toMatch(/CustomCDKBucketDeployment|ApiKeyExpiryWarningRole.*: kms:GenerateDataKey\*$/);
      }
      if (asList(statement.Action).some((a) => a.startsWith('dynamodb:'))) {
        const resourcesText = JSON.stringify(statement.Resource);
        expect(asList(statement.Action).every((a) => !a.includes('*'))).toBe(true);
        expect(resourcesText).not.toBe('"*"');
        expect(resourcesText).not.toContain('/index/*');
        expect(resourcesText).not.toMatch(/table\/\*/);
      }
    }
  });

  it('grants each task only the tables the registry lists and only the actions its code calls, writes only where it writes', () => {
    const { tasks } = deployment.regions.get('ap-southeast-1')!;
    const byRole = Object.values(resources(tasks, 'AWS::IAM::Policy'));
    const policyFor = (task: string) => byRole.find((p) => JSON.stringify(p.Properties?.Roles).includes(task))!;
    const statements = (task: string) => (policyFor(task).Properties?.PolicyDocument as { Statement: (Statement & { Sid?: string })[] }).Statement;

    const validate = statements('ValidateOrder');
    expect(validate.find((s) => s.Sid === 'WriteTables')).toBeUndefined();
    // reader.ts calls GetItem and Query: nothing else, and Query alone on the indexes.
    const reads = validate.find((s) => s.Sid === 'ReadTables')!;
    expect(reads.Action).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
    expect(reads.Resource).toEqual([tables.Products.tableName, tables.Orders.tableName]
      .map((name) => `arn:aws:dynamodb:ap-southeast-1:${deployment.config.account}:table/${name}`));
    const indexes = validate.find((s) => s.Sid === 'ReadIndexes')!;
    expect(indexes.Action).toBe('dynamodb:Query');
    expect(indexes.Resource).toEqual(expect.arrayContaining([
      `arn:aws:dynamodb:ap-southeast-1:${deployment.config.account}:table/${tables.Products.tableName}/index/byCategory`,
      `arn:aws:dynamodb:ap-southeast-1:${deployment.config.account}:table/${tables.Orders.tableName}/index/byUser`,
    ]));
    expect(JSON.stringify(validate)).not.toContain(tables.Payments.tableName);

    // writer.ts: a transaction of an Update and a ConditionCheck, and Powertools Idempotency.
    const reserve = statements('ReserveStock');
    expect(reserve.find((s) => s.Sid === 'WriteTables')).toMatchObject({
      Action: 'dynamodb:UpdateItem', Resource: `arn:aws:dynamodb:ap-southeast-1:${deployment.config.account}:table/${tables.Inventory.tableName}`,
    });
    expect(reserve.find((s) => s.Sid === 'IdempotencyRecords')).toMatchObject({
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      Resource: `arn:aws:dynamodb:ap-southeast-1:${deployment.config.account}:table/${tables.Idempotency.tableName}`,
    });

    const tokens = statements('CheckRefund').find((s) => asList(s.Action).includes('states:SendTaskFailure'))!;
    for (const region of deployment.config.regions) expect(JSON.stringify(tokens.Resource)).toContain(`:states:${region}:`);

    const publish = statements('PublishStatus').find((s) => asList(s.Action).includes('events:PutEvents'))!;
    expect(publish.Resource).toBe(`arn:aws:events:ap-southeast-1:${deployment.config.account}:event-bus/bigsmokes-events`);
  });
});

describe('api', () => {
  it('creates every data source, pipeline function and resolver of the resolver map, on APPSYNC_JS 1.0.0', () => {
    for (const { api } of deployment.regions.values()) {
      const t = template(api);
      for (const ds of fixtureResolverMap.dataSources) t.hasResourceProperties('AWS::AppSync::DataSource', { Name: ds.name, Type: ds.type });
      for (const fn of fixtureResolverMap.functions) {
        t.hasResourceProperties('AWS::AppSync::FunctionConfiguration', { Name: fn.name, Runtime: { Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' } });
      }
      for (const r of fixtureResolverMap.resolvers) {
        t.hasResourceProperties('AWS::AppSync::Resolver', {
          TypeName: r.typeName, FieldName: r.fieldName, Kind: r.kind,
          Runtime: { Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' },
        });
      }
      t.resourceCountIs('AWS::AppSync::Resolver', fixtureResolverMap.resolvers.length);
    }
  });

  it('bundles resolver code into one module that imports nothing but @aws-appsync/utils', () => {
    const { api } = deployment.regions.get('us-east-1')!;
    const fn = Object.values(resources(api, 'AWS::AppSync::FunctionConfiguration'))[0];
    const code = fn.Properties?.Code as string;
    expect(code).toContain('orderKey');
    expect(code).not.toMatch(/from\s+["']\.\/helper/);
    expect(code).toMatch(/from\s+["']@aws-appsync\/utils["']/);
  });

  it('authorises with the user pool by default, plus API key and IAM; logs field errors only; traces', () => {
    for (const { api } of deployment.regions.values()) {
      template(api).hasResourceProperties('AWS::AppSync::GraphQLApi', {
        AuthenticationType: 'AMAZON_COGNITO_USER_POOLS',
        // Each region's copy of the replicated pool: the primary's, the replica's, and the replica's again for the third region.
        UserPoolConfig: Match.objectLike({ AwsRegion: api.region === 'us-east-1' ? 'us-east-1' : 'eu-west-1' }),
        AdditionalAuthenticationProviders: [{ AuthenticationType: 'API_KEY' }, { AuthenticationType: 'AWS_IAM' }],
        LogConfig: Match.objectLike({ FieldLogLevel: 'ERROR', ExcludeVerboseContent: true }),
        XrayEnabled: true,
        EnvironmentVariables: { HOME_REGION: api.region, ORDERS_TABLE: tables.Orders.tableName, CHECKOUT_STATE_MACHINE_ARN: `arn:aws:states:${api.region}:${deployment.config.account}:stateMachine:bigsmokes-checkout` },
      });
    }
  });

  it('signs the states data sources for their endpoint and allows exactly the actions their resolvers name', () => {
    const { api } = deployment.regions.get('eu-west-1')!;
    const t = template(api);
    t.hasResourceProperties('AWS::AppSync::DataSource', {
      Name: 'CheckoutSync',
      HttpConfig: { Endpoint: 'https://sync-states.eu-west-1.amazonaws.com/', AuthorizationConfig: { AuthorizationType: 'AWS_IAM', AwsIamConfig: { SigningRegion: 'eu-west-1', SigningServiceName: 'states' } } },
    });
    t.hasResourceProperties('AWS::AppSync::DataSource', { Name: 'StepFunctions', HttpConfig: Match.objectLike({ Endpoint: 'https://states.eu-west-1.amazonaws.com/' }) });
    const policies = Object.values(resources(api, 'AWS::IAM::Policy'));
    const statementsOf = (dataSource: string) => policies
      .filter((p) => JSON.stringify(p.Properties?.Roles).includes(`DataSource${dataSource}Role`))
      .flatMap((p) => (p.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
    const arn = (name: string) => `arn:aws:states:eu-west-1:${deployment.config.account}:stateMachine:${stateMachineName(name)}`;

    expect(statementsOf('CheckoutSync')).toEqual([expect.objectContaining({
      Action: 'states:StartSyncExecution', Resource: [arn('Checkout'), `${arn('Checkout')}:${LIVE_ALIAS}`],
    })]);
    const actions = statementsOf('StepFunctions').map((s) => s.Action).sort();
    expect(actions).toEqual(['states:ListExecutions', 'states:RedriveExecution']);
    const redrive = statementsOf('StepFunctions').find((s) => s.Action === 'states:RedriveExecution')!;
    expect(redrive.Resource).toContain(`arn:aws:states:eu-west-1:${deployment.config.account}:execution:${stateMachineName('Fulfilment')}:*`);
  });

  it('has a regional custom domain, a health-checked latency record and a health check that follows the evacuation switch', () => {
    const certificates = template(deployment.certificates!);
    const domainName = deployment.config.domain!.name;
    expect(deployment.certificates!.region).toBe('us-east-1'); // AppSync takes custom-domain certificates from us-east-1 only
    for (const { api } of deployment.regions.values()) {
      const t = template(api);
      certificates.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: `${api.region}.api.${domainName}` });
      t.resourceCountIs('AWS::CertificateManager::Certificate', 0);
      t.hasOutput('GraphqlUrl', { Value: `https://${api.region}.api.${domainName}/graphql` });
      t.hasResourceProperties('AWS::AppSync::DomainName', { DomainName: `${api.region}.api.${domainName}` });
      t.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: `api.${domainName}.`, Type: 'CNAME', Region: api.region, SetIdentifier: api.region,
        HealthCheckId: Match.anyValue(),
      });
      t.hasResourceProperties('AWS::Route53::HealthCheck', {
        // An evacuated region's check is inverted: Route 53 sees it unhealthy and routes around it.
        HealthCheckConfig: Match.objectLike({ Type: 'CLOUDWATCH_METRIC', Inverted: api.region === EVACUATED, InsufficientDataHealthStatus: 'Unhealthy' }),
      });
    }
  });
});

describe('auth', () => {
  it('requires birthdate at sign-up and makes it immutable afterwards; has the staff groups of API.md', () => {
    const t = template(deployment.auth);
    t.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([{ Name: 'birthdate', Required: true, Mutable: false }]),
      IssuerConfiguration: { Type: 'UPDATED' },
      UserPoolTier: 'PLUS',
    });
    for (const group of STAFF_GROUPS) t.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: group });
    t.hasResourceProperties('AWS::Cognito::UserPoolReplica', { RegionName: deployment.config.failoverRegion });
    template(deployment.identityKeyReplica).resourceCountIs('AWS::KMS::ReplicaKey', 1);
    template(deployment.data).hasResourceProperties('AWS::KMS::Key', { MultiRegion: true, EnableKeyRotation: true });
  });
});

describe('events', () => {
  it('sends status events to the publish mutation, fans them out to the other regions, and archives them', () => {
    const { events } = deployment.regions.get('us-east-1')!;
    const t = template(events);
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['bigsmokes.orders'], 'detail-type': ['OrderStatusChanged'] },
      Targets: [Match.objectLike({
        AppSyncParameters: { GraphQLOperation: Match.stringLikeRegexp('publishOrderUpdate\\(id: \\$id, status: \\$status\\) \\{ id userId status total \\{ amount currency \\} history \\{ status at \\} updatedAt \\}') },
        // The status event carries the order's id as detail.orderId (tasks/lib/events.ts).
        InputTransformer: Match.objectLike({ InputPathsMap: { 'detail-orderId': '$.detail.orderId', 'detail-status': '$.detail.status' } }),
        DeadLetterConfig: Match.anyValue(),
      })],
    });
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['bigsmokes.orders'], 'detail-type': ['OrderStatusChanged'], region: ['us-east-1'] },
      Targets: [
        Match.objectLike({ Arn: `arn:aws:events:eu-west-1:${deployment.config.account}:event-bus/bigsmokes-events` }),
        Match.objectLike({ Arn: `arn:aws:events:ap-southeast-1:${deployment.config.account}:event-bus/bigsmokes-events` }),
      ],
    });
    t.resourceCountIs('AWS::Events::Archive', 1);
  });
});

describe('frontend', () => {
  it('serves private buckets through OAC with origin failover to the failover region\'s bucket', () => {
    const t = template(deployment.frontend);
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        OriginGroups: { Quantity: 1, Items: [Match.objectLike({ FailoverCriteria: { StatusCodes: { Items: [500, 502, 503, 504], Quantity: 4 } } })] },
        Origins: [
          Match.objectLike({ OriginAccessControlId: Match.anyValue() }),
          Match.objectLike({ DomainName: `bigsmokes-web-${deployment.config.account}-${deployment.config.failoverRegion}.s3.${deployment.config.failoverRegion}.amazonaws.com` }),
        ],
      }),
    });
    for (const stack of [deployment.frontend, deployment.frontendFailover]) {
      template(stack).resourceCountIs('Custom::CDKBucketDeployment', 1);
      template(stack).hasResourceProperties('AWS::S3::Bucket', {
        BucketName: `bigsmokes-web-${deployment.config.account}-${stack.region}`,
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      });
    }
  });
});

describe('monitoring', () => {
  it('alarms on executions failed in place, unexpected task errors, throttles and API p99 over 1 s, into the SNS topic', () => {
    const { monitoring } = deployment.regions.get('eu-west-1')!;
    const t = template(monitoring);
    const alarms = Object.values(resources(monitoring, 'AWS::CloudWatch::Alarm'));
    const names = alarms.map((a) => a.Properties?.MetricName);
    // STANDARD machines only: Checkout (EXPRESS) ends in Fail on business outcomes.
    expect(names.filter((n) => n === 'ExecutionsFailed')).toHaveLength(2);
    expect(names.filter((n) => n === 'Errors')).toHaveLength(0);
    expect(names.filter((n) => n === 'UnexpectedError')).toHaveLength(new Set(Object.values(fixtureRegistry).map((task) => task.service)).size);
    expect(names.filter((n) => n === 'Throttles')).toHaveLength(1);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Latency', Namespace: 'AWS/AppSync', ExtendedStatistic: 'p99', Threshold: 1000 });
    const topic = Object.keys(resources(monitoring, 'AWS::SNS::Topic'))[0];
    for (const alarm of alarms) expect(alarm.Properties?.AlarmActions).toEqual([{ Ref: topic }]);
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
  });

  it('has one dashboard per service and one for the sagas, each showing every region', () => {
    const services = new Set(Object.values(fixtureRegistry).map((t) => t.service));
    const dashboards = Object.values(resources(deployment.dashboards, 'AWS::CloudWatch::Dashboard'));
    expect(dashboards.map((d) => d.Properties?.DashboardName).sort()).toEqual([...[...services].map((s) => `bigsmokes-${s}`), 'bigsmokes-sagas'].sort());
    const sagas = JSON.stringify(dashboards.find((d) => d.Properties?.DashboardName === 'bigsmokes-sagas')?.Properties?.DashboardBody);
    for (const region of deployment.config.regions) {
      expect(sagas).toContain(`stateMachine:${stateMachineName('Fulfilment')}`.replace('stateMachine:', `states:${region}:${deployment.config.account}:stateMachine:`));
    }
    expect(sagas).toContain('ExecutionsRedriven');
  });
});

describe('governance: cdk-nag AwsSolutions and Serverless', () => {
  it('finds nothing unacknowledged in any stack', () => {
    for (const pack of nagPacks()) {
      const report = pack.validateScope(deployment.app);
      expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    }
  });
});
