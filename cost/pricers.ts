// One pricer per billable CloudFormation resource type: from a resource's properties and its
// region's traffic to bill lines. Types that AWS never bills are named with the reason; any other
// type is "not priced" and listed as such, so nothing in a template is silently left out.
import type { Price, PriceTable, TrafficProfile } from './inputs.ts';
import type { TemplateResource } from './templates.ts';
import type { Traffic } from './traffic.ts';

export interface BillLine {
  service: string;
  region: string;
  /** `<stack>/<logicalId>` of the resource billed. */
  resource: string;
  item: string;
  quantity: number;
  unit: string;
  usd: number;
  priceKey: string;
}

export interface PricingContext {
  readonly traffic: Traffic;
  readonly prices: PriceTable;
  readonly resources: readonly TemplateResource[];
}

type Pricer = (resource: TemplateResource, context: PricingContext) => BillLine[];

const GB = 1e9;
const regionOf = (context: PricingContext, region: string) => context.traffic.regions[region];
const profileOf = (context: PricingContext): TrafficProfile => context.traffic.profile;

function price(context: PricingContext, key: string, region: string): Price {
  const p = context.prices.regions[region]?.[key] ?? context.prices.prices[key];
  if (!p) throw new Error(`the price table has no ${key}`);
  return p;
}

/** A bill line: `quantity` in the price's units, at that region's price. */
function line(context: PricingContext, resource: TemplateResource, service: string, item: string, key: string, quantity: number, region = resource.region): BillLine {
  const p = price(context, key, region);
  return { service, region, resource: `${resource.stack}/${resource.logicalId}`, item, quantity, unit: p.unit, usd: (quantity / p.per) * p.usd, priceKey: key };
}

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
const logGroupRetentionMonths = (r: TemplateResource) => Number(r.properties.RetentionInDays ?? 3653) / 30.4;

/** The log group's monthly ingestion, from what writes to it (matched by its name). */
function logBytes(resource: TemplateResource, context: PricingContext): { bytes: number; writer: string } {
  const name = JSON.stringify(resource.properties.LogGroupName ?? '');
  const profile = profileOf(context);
  const traffic = regionOf(context, resource.region);
  if (!traffic) return { bytes: 0, writer: 'no traffic in this region' };
  const lambda = name.match(/\/aws\/lambda\/bigsmokes-(\w+)/);
  if (lambda) return { bytes: (traffic.invocations[lambda[1]] ?? 0) * profile.logs.bytesPerLambdaInvocation, writer: `${lambda[1]} invocations` };
  const states = name.match(/\/states\/bigsmokes-(\w+)/);
  if (states) {
    const w = traffic.workflows[states[1]];
    const isExpress = context.resources.some((r) => r.type === 'AWS::StepFunctions::StateMachine' && r.region === resource.region
      && str(r.properties.StateMachineName) === `bigsmokes-${states[1]}` && r.properties.StateMachineType === 'EXPRESS');
    return { bytes: (w?.executions ?? 0) * (isExpress ? profile.logs.bytesPerExpressExecution : profile.logs.bytesPerStandardExecution), writer: `${states[1]} executions` };
  }
  if (name.includes('/aws/appsync/')) return { bytes: traffic.apiRequests * profile.logs.bytesPerApiRequest, writer: 'API requests (errors only)' };
  return { bytes: 0, writer: 'unknown writer: no traffic assigned' };
}

/** The aliases of a function in its stack (a shared function has one per task it runs). */
export function aliasesOf(fn: TemplateResource, c: Pick<PricingContext, 'resources'>): TemplateResource[] {
  return c.resources.filter((a) => a.type === 'AWS::Lambda::Alias' && a.stack === fn.stack
    && JSON.stringify(a.properties.FunctionName ?? '').includes(`"${fn.logicalId}"`));
}

/** Runs a month of a schedule expression: rate() exactly; at() runs once in its life (0 a month); cron() is not parsed (undefined). */
export function runsPerMonth(expression: string): number | undefined {
  if (/^at\(.+\)$/.test(expression)) return 0;
  const rate = expression.match(/^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/);
  if (!rate) return undefined;
  const minutes = { minute: 1, minutes: 1, hour: 60, hours: 60, day: 1440, days: 1440 }[rate[2]]!;
  return (730 * 60) / (Number(rate[1]) * minutes);
}

/** Invocations a month of a function by the schedules (EventBridge rules, Scheduler) that target it. */
function scheduledInvocations(fn: TemplateResource, c: Pick<PricingContext, 'resources'>): number {
  return c.resources.filter((r) => r.region === fn.region && r.stack === fn.stack && typeof r.properties.ScheduleExpression === 'string'
    && JSON.stringify(r.properties.Targets ?? r.properties.Target ?? {}).includes(`"${fn.logicalId}"`))
    .reduce((sum, r) => sum + (runsPerMonth(String(r.properties.ScheduleExpression)) ?? 0), 0);
}

/** Per region, the runs a month of each task a schedule invokes (by its function's name), for the traffic model. */
export function scheduledRuns(resources: readonly TemplateResource[]): Record<string, Record<string, number>> {
  const runs: Record<string, Record<string, number>> = {};
  for (const fn of resources.filter((r) => r.type === 'AWS::Lambda::Function')) {
    const task = str(fn.properties.FunctionName)?.replace(/^bigsmokes-/, '');
    const n = scheduledInvocations(fn, { resources });
    if (task && n > 0) (runs[fn.region] ??= {})[task] = n;
  }
  return runs;
}

const pricers: Record<string, Pricer> = {
  'AWS::Lambda::Function': (r, c) => {
    const traffic = regionOf(c, r.region);
    const memoryGb = Number(r.properties.MemorySize ?? 128) / 1024;
    const arch = (r.properties.Architectures as string[] | undefined)?.[0] ?? 'x86_64';
    // The tasks it runs: one alias per task on a shared function, else the task its name carries.
    const name = str(r.properties.FunctionName)?.replace(/^bigsmokes-/, '');
    const aliases = aliasesOf(r, c).map((a) => str(a.properties.Name)!);
    const tasks = aliases.length > 0 ? aliases : name ? [name] : [];
    const scheduled = scheduledInvocations(r, c);
    const invocations = tasks.reduce((sum, t) => sum + (traffic?.invocations[t] ?? 0), 0) + scheduled;
    const gbSeconds = tasks.reduce((sum, t) => sum + (traffic?.invocations[t] ?? 0) * memoryGb * ((c.traffic.taskMs[t] ?? 0) / 1000), 0)
      + scheduled * memoryGb * ((c.traffic.taskMs[name ?? ''] ?? 0) / 1000);
    const what = tasks.length === 0 ? 'deploy-time custom resource provider'
      : `${name}${aliases.length > 0 ? ` (${aliases.join(', ')})` : ''}, ${r.properties.MemorySize ?? 128} MB ${arch}`;
    return [
      line(c, r, 'Lambda', `${what}: requests`, 'lambda.request', invocations),
      line(c, r, 'Lambda', `${what}: duration`, `lambda.gbSecond.${arch}`, gbSeconds),
    ];
  },
  'AWS::StepFunctions::StateMachine': (r, c) => {
    const name = str(r.properties.StateMachineName)?.replace(/^bigsmokes-/, '') ?? r.logicalId;
    const w = regionOf(c, r.region)?.workflows[name];
    if (r.properties.StateMachineType === 'EXPRESS') {
      // Billed per 100 ms rounded up, in 64-MB chunks (the definition and payloads fit in one).
      const seconds = Math.ceil((w?.meanSeconds ?? 0) * 10) / 10;
      return [
        line(c, r, 'Step Functions', `${name} EXPRESS: requests`, 'sfn.expressRequest', w?.executions ?? 0),
        line(c, r, 'Step Functions', `${name} EXPRESS: duration (${seconds.toFixed(1)} s × 64 MB)`, 'sfn.expressGbSecond', (w?.executions ?? 0) * seconds * (64 / 1024)),
      ];
    }
    return [line(c, r, 'Step Functions', `${name} STANDARD: transitions`, 'sfn.standardTransition', w?.transitions ?? 0)];
  },
  'AWS::DynamoDB::GlobalTable': (r, c) => {
    const name = str(r.properties.TableName) ?? r.logicalId;
    const replicas = (r.properties.Replicas as { Region: string; PointInTimeRecoverySpecification?: { PointInTimeRecoveryEnabled?: boolean } }[] | undefined) ?? [{ Region: r.region }];
    return tableLines(r, c, name, replicas.map((x) => ({ region: x.Region, pitr: x.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled === true })), true);
  },
  'AWS::DynamoDB::Table': (r, c) => {
    const name = str(r.properties.TableName) ?? r.logicalId;
    const pitr = (r.properties.PointInTimeRecoverySpecification as { PointInTimeRecoveryEnabled?: boolean } | undefined)?.PointInTimeRecoveryEnabled === true;
    return tableLines(r, c, name, [{ region: r.region, pitr }], false);
  },
  'AWS::AppSync::GraphQLApi': (r, c) => {
    const t = regionOf(c, r.region);
    const lines = [
      line(c, r, 'AppSync', 'queries and mutations (publishOrderUpdate included)', 'appsync.request', t?.apiRequests ?? 0),
      line(c, r, 'AppSync', 'real-time updates', 'appsync.realtimeMessage', t?.realtimeMessages ?? 0),
      line(c, r, 'AppSync', 'real-time connection-minutes', 'appsync.connectionMinute', t?.connectionMinutes ?? 0),
    ];
    if (r.properties.XrayEnabled === true) lines.push(line(c, r, 'X-Ray', `traces recorded (${profileOf(c).tracing.samplingRate * 100}% sampled)`, 'xray.traceRecorded', t?.tracesRecorded ?? 0));
    return lines;
  },
  'AWS::Cognito::UserPool': (r, c) => {
    const tier = str(r.properties.UserPoolTier) ?? 'ESSENTIALS';
    return [line(c, r, 'Cognito', `${tier} plan: monthly active users`, `cognito.mau.${tier}`, profileOf(c).identity.monthlyActiveUsers)];
  },
  'AWS::CloudFront::Distribution': (r, c) => {
    const web = profileOf(c).web;
    return [
      line(c, r, 'CloudFront', 'data transfer out', 'cloudfront.transferGb', (web.pageViews * web.bytesPerPageView) / GB, 'global'),
      line(c, r, 'CloudFront', 'HTTPS requests', 'cloudfront.httpsRequest', web.pageViews * web.requestsPerPageView, 'global'),
    ];
  },
  'AWS::S3::Bucket': (r, c) => {
    const web = profileOf(c).web;
    // The origin serves cache misses; an origin-failover bucket holds a copy and serves none while the first is up.
    const primary = c.resources.find((x) => x.type === 'AWS::S3::Bucket')?.region === r.region;
    return [
      line(c, r, 'S3', 'storage (the built web app)', 's3.storageGbMonth', web.siteBytes / GB),
      line(c, r, 'S3', 'GET requests (CloudFront cache misses)', 's3.getRequest', primary ? web.pageViews * web.requestsPerPageView * (1 - web.cacheHitRatio) : 0),
    ];
  },
  'AWS::WAFv2::WebACL': (r, c) => {
    const rules = (r.properties.Rules as unknown[] | undefined)?.length ?? 0;
    const requests = r.properties.Scope === 'CLOUDFRONT'
      ? profileOf(c).web.pageViews * profileOf(c).web.requestsPerPageView
      : regionOf(c, r.region)?.apiRequests ?? 0;
    return [
      line(c, r, 'WAF', 'web ACL', 'waf.webAcl', 1),
      line(c, r, 'WAF', `rules (${rules})`, 'waf.rule', rules),
      line(c, r, 'WAF', 'requests inspected', 'waf.request', requests),
    ];
  },
  'AWS::CloudWatch::Alarm': (r, c) => {
    const metrics = (r.properties.Metrics as { MetricStat?: unknown }[] | undefined)?.filter((m) => m.MetricStat).length ?? 1;
    const highResolution = Number(r.properties.Period ?? 60) < 60;
    return [line(c, r, 'CloudWatch', highResolution ? 'alarms (high resolution)' : 'alarms', highResolution ? 'cloudwatch.alarmHighResolution' : 'cloudwatch.alarmStandard', metrics)];
  },
  'AWS::CloudWatch::CompositeAlarm': (r, c) => [line(c, r, 'CloudWatch', 'composite alarms', 'cloudwatch.compositeAlarm', 1)],
  'AWS::CloudWatch::Dashboard': (r, c) => [line(c, r, 'CloudWatch', 'dashboards', 'cloudwatch.dashboard', 1)],
  'AWS::Lambda::Alias': (r, c) => {
    // Provisioned concurrency is billed on the alias (or version) that holds it, idle or not.
    const instances = Number((r.properties.ProvisionedConcurrencyConfig as { ProvisionedConcurrentExecutions?: number } | undefined)?.ProvisionedConcurrentExecutions ?? 0);
    const fn = c.resources.find((x) => x.type === 'AWS::Lambda::Function' && x.stack === r.stack && JSON.stringify(r.properties.FunctionName ?? '').includes(`"${x.logicalId}"`));
    const memoryGb = Number(fn?.properties.MemorySize ?? 128) / 1024;
    return [line(c, r, 'Lambda', `provisioned concurrency on alias ${str(r.properties.Name) ?? ''} (${instances} × ${Math.round(memoryGb * 1024)} MB)`,
      'lambda.provisionedGbSecond', instances * memoryGb * 730 * 3600)];
  },
  'AWS::Scheduler::Schedule': (r, c) => {
    const runs = runsPerMonth(String(r.properties.ScheduleExpression ?? ''));
    const note = runs === undefined ? ': not parsed, counted 0' : /^at\(/.test(String(r.properties.ScheduleExpression)) ? ': one run in its life' : '';
    return [line(c, r, 'EventBridge', `Scheduler invocations (${r.properties.ScheduleExpression}${note})`, 'scheduler.invocation', runs ?? 0)];
  },
  'AWS::Route53::HostedZone': (r, c) => [line(c, r, 'Route 53', 'hosted zones', 'route53.hostedZone', 1)],
  'AWS::SSM::Parameter': (r, c) => [line(c, r, 'Systems Manager', `parameters (${str(r.properties.Tier) ?? 'Standard'})`, 'ssm.advancedParameter', r.properties.Tier === 'Advanced' ? 1 : 0)],
  'AWS::Logs::LogGroup': (r, c) => {
    const { bytes, writer } = logBytes(r, c);
    const gb = bytes / GB;
    return [
      line(c, r, 'CloudWatch', `logs ingested (${writer})`, 'cloudwatch.logIngestGb', gb),
      // In steady state a group holds `retention` months of ingestion.
      line(c, r, 'CloudWatch', 'logs stored', 'cloudwatch.logStoreGbMonth', gb * logGroupRetentionMonths(r)),
    ];
  },
  'AWS::SecretsManager::Secret': (r, c) => {
    // Each replica is a secret of its own, billed in its region; a task reads the copy in its own region.
    // Tasks cache secrets (Powertools getSecret), so each cold start of a provider task reads it once.
    const profile = profileOf(c);
    const replicas = ((r.properties.ReplicaRegions as { Region: string }[] | undefined) ?? []).map((x) => x.Region);
    return [r.region, ...replicas].flatMap((region) => {
      const t = regionOf(c, region);
      const coldStarts = profile.lambda.providerTasks.reduce((sum, task) => sum + (t?.invocations[task] ?? 0), 0) * profile.lambda.coldStartShare;
      const what = region === r.region ? 'secrets' : 'replica secrets';
      return [
        line(c, r, 'Secrets Manager', what, 'secretsmanager.secret', 1, region),
        line(c, r, 'Secrets Manager', 'GetSecretValue (cold starts)', 'secretsmanager.apiCall', coldStarts, region),
      ];
    });
  },
  'AWS::Cognito::UserPoolReplica': (r, c) => {
    // Multi-Region replication is billed per MAU per replica, at the plan of the pool it copies.
    const pool = c.resources.find((x) => x.type === 'AWS::Cognito::UserPool' && x.stack === r.stack
      && JSON.stringify(r.properties.UserPoolId ?? '').includes(`"${x.logicalId}"`));
    const tier = str(pool?.properties.UserPoolTier) ?? 'ESSENTIALS';
    const region = str(r.properties.RegionName) ?? r.region;
    return [line(c, r, 'Cognito', `${tier} plan: replica pool in ${region}, monthly active users`, `cognito.replicaMau.${tier}`, profileOf(c).identity.monthlyActiveUsers, region)];
  },
  'AWS::Route53::HealthCheck': (r, c) => {
    const type = str((r.properties.HealthCheckConfig as { Type?: string } | undefined)?.Type) ?? '';
    // A health check of a CloudWatch alarm or of other checks is an AWS-endpoint check.
    const aws = ['CLOUDWATCH_METRIC', 'CALCULATED'].includes(type);
    return [line(c, r, 'Route 53', `health checks (${type})`, aws ? 'route53.healthCheckAws' : 'route53.healthCheckOther', 1)];
  },
  'AWS::Events::EventBus': (r, c) => {
    const t = regionOf(c, r.region);
    const peers = Object.keys(c.traffic.regions).length - 1;
    return [
      line(c, r, 'EventBridge', 'custom events published (status changes)', 'events.customEvent', t?.eventsPublished ?? 0),
      line(c, r, 'EventBridge', `cross-region delivery (to ${peers} other regions)`, 'events.crossRegionEvent', (t?.eventsPublished ?? 0) * peers),
    ];
  },
  'AWS::Events::Archive': (r, c) => {
    const t = regionOf(c, r.region);
    const gb = (((t?.eventsPublished ?? 0) + (t?.eventsReceived ?? 0)) * profileOf(c).logs.bytesPerEvent) / GB;
    const months = Number(r.properties.RetentionDays ?? 3650) / 30.4;
    return [
      line(c, r, 'EventBridge', 'archive: events processed', 'events.archiveGb', gb),
      line(c, r, 'EventBridge', 'archive: stored', 'events.archiveStoreGbMonth', gb * months),
    ];
  },
  'AWS::KMS::Key': (r, c) => kmsLines(r, c),
  'AWS::KMS::ReplicaKey': (r, c) => kmsLines(r, c),
  'AWS::SQS::Queue': (r, c) => [line(c, r, 'SQS', 'requests (dead letters only)', 'sqs.request', 0)],
  'AWS::SNS::Topic': (r, c) => [line(c, r, 'SNS', 'publishes (alarm notifications)', 'sns.publish', 0)],
};

function kmsLines(r: TemplateResource, c: PricingContext): BillLine[] {
  // A key in the events stack encrypts the bus: about two requests per event in and out.
  const t = regionOf(c, r.region);
  const events = r.stack.includes('Events') ? ((t?.eventsPublished ?? 0) + (t?.eventsReceived ?? 0)) * 2 : 0;
  return [
    line(c, r, 'KMS', r.type === 'AWS::KMS::ReplicaKey' ? 'replica keys' : 'customer managed keys', 'kms.key', 1),
    line(c, r, 'KMS', 'requests', 'kms.request', events),
  ];
}

/** A table's reads, writes (replicated to every replica), storage and backups, per replica region. */
function tableLines(r: TemplateResource, c: PricingContext, name: string, replicas: { region: string; pitr: boolean }[], global: boolean): BillLine[] {
  const profile = profileOf(c);
  const allWrites = Object.values(c.traffic.regions).reduce((sum, t) => sum + (t.tables[name]?.writeUnits ?? 0), 0);
  const indexes = (r.properties.GlobalSecondaryIndexes as unknown[] | undefined)?.length ?? 0;
  // Storage shared out among the tables by their share of all writes.
  const everyWrite = Object.values(c.traffic.regions).reduce((sum, t) => sum + Object.values(t.tables).reduce((a, u) => a + u.writeUnits, 0), 0);
  const storedBytes = profile.data.storedOrders * profile.data.bytesPerStoredOrder + profile.data.catalogueBytes;
  const gb = everyWrite === 0 ? 0 : (storedBytes * (allWrites / everyWrite)) / GB;
  const lines: BillLine[] = [];
  for (const { region, pitr } of replicas) {
    const t = c.traffic.regions[region];
    lines.push(line(c, r, 'DynamoDB', `${name}: reads`, 'dynamodb.readUnit', t?.tables[name]?.readUnits ?? 0, region));
    if (global) {
      // Every write, wherever made, is a replicated write in each replica (global-tables-billing.html).
      lines.push(line(c, r, 'DynamoDB', `${name}: replicated writes`, 'dynamodb.replicatedWriteUnit', allWrites, region));
    } else {
      lines.push(line(c, r, 'DynamoDB', `${name}: writes`, 'dynamodb.writeUnit', t?.tables[name]?.writeUnits ?? 0, region));
    }
    // Upper bound: every write updates every index; index writes are WRUs in each region.
    if (indexes > 0) lines.push(line(c, r, 'DynamoDB', `${name}: index writes (${indexes} GSIs, upper bound)`, 'dynamodb.writeUnit', allWrites * indexes, region));
    lines.push(line(c, r, 'DynamoDB', `${name}: storage`, 'dynamodb.storageGbMonth', gb * (1 + indexes * 0.5), region));
    if (pitr) lines.push(line(c, r, 'DynamoDB', `${name}: point-in-time recovery`, 'dynamodb.pitrGbMonth', gb, region));
    if (global && region !== r.region) {
      lines.push(line(c, r, 'Data transfer', `${name}: replication to ${region} (1 KB a write unit)`, 'transfer.interRegionGb', (allWrites * 1024) / GB, region));
    }
  }
  if (r.properties.StreamSpecification) {
    lines.push(line(c, r, 'DynamoDB', `${name}: stream reads (global tables' own: free; no other reader)`, 'dynamodb.streamRead', 0));
  }
  return lines;
}

/** Types AWS does not bill, and why. */
export const noCharge: Record<string, string> = {
  'AWS::IAM::Role': 'IAM is free', 'AWS::IAM::Policy': 'IAM is free', 'AWS::IAM::ManagedPolicy': 'IAM is free',
  'AWS::AppSync::GraphQLSchema': 'billed per request on the API', 'AWS::AppSync::DataSource': 'billed per request on the API',
  'AWS::AppSync::FunctionConfiguration': 'billed per request on the API', 'AWS::AppSync::Resolver': 'billed per request on the API',
  'AWS::AppSync::ApiKey': 'no charge', 'AWS::AppSync::DomainName': 'AppSync custom domains carry no charge',
  'AWS::AppSync::DomainNameApiAssociation': 'AppSync custom domains carry no charge',
  'AWS::StepFunctions::StateMachineVersion': 'billed per execution on the state machine', 'AWS::StepFunctions::StateMachineAlias': 'billed per execution on the state machine',
  'AWS::Cognito::UserPoolClient': 'billed per MAU on the pool', 'AWS::Cognito::UserPoolGroup': 'billed per MAU on the pool', 'AWS::Cognito::UserPoolDomain': 'billed per MAU on the pool',
  'AWS::CertificateManager::Certificate': 'public ACM certificates are free', 'AWS::CloudFront::OriginAccessControl': 'no charge',
  'AWS::S3::BucketPolicy': 'no charge', 'AWS::SQS::QueuePolicy': 'no charge', 'AWS::SNS::TopicPolicy': 'no charge', 'AWS::SNS::Subscription': 'billed per delivery on the topic',
  'AWS::Events::Rule': 'billed per event on the bus (scheduled rules are free; the invocations they cause are priced on their target)', 'AWS::Lambda::Permission': 'no charge', 'AWS::Logs::ResourcePolicy': 'no charge',
  'AWS::Route53::RecordSet': 'alias queries to AWS resources are free; the hosted zone exists already (not in these templates)',
  'AWS::CDK::Metadata': 'no charge', 'AWS::Lambda::Version': 'billed per invocation on the function',
  'AWS::Lambda::EventInvokeConfig': 'no charge', 'AWS::Scheduler::ScheduleGroup': 'no charge',
  'AWS::KMS::Alias': 'no charge', 'AWS::WAFv2::WebACLAssociation': 'billed on the web ACL',
  'AWS::Lambda::LayerVersion': "a deploy-time layer (the web app's upload): layers are stored free within Lambda's 75 GB of code storage a region",
};

/** Types billed by AWS that this model cannot price yet, and why. */
export const knownUnpriced: Record<string, string> = {};

export function pricerFor(type: string): Pricer | undefined {
  return pricers[type];
}

export const pricedTypes = Object.keys(pricers);
