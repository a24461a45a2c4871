// A region's GraphQL API: the schema and APPSYNC_JS resolvers of schema/, wired by the resolver
// map. Cognito user pools (the one replicated pool, verified in the region that holds the pool or
// its replica), API key and IAM auth; field logs without request content; X-Ray; AWS WAF; with a
// domain, a regional custom domain, a health check and a latency record.
import { CfnOutput, Duration, Expiration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { webAcl } from '../lib/web-acl.ts';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import type { Construct } from 'constructs';
import type { DataSourceDefinition, ResolverMap } from '../../schema/resolver-map.ts';
import { tables } from '../tables.ts';
import { appsyncCode } from '../lib/appsync-code.ts';
import { tableStatements } from '../lib/table-access.ts';
import { resolverActions } from '../lib/resolver-actions.ts';
import { actionGrant } from '../lib/task-actions.ts';
import { checkEndpoint, statesActions } from '../lib/states-actions.ts';
import type { WorkflowDefinition } from '../names.ts';
import { apiEnvironment } from '../lib/api-environment.ts';
import { acknowledge } from '../lib/nag.ts';
import { regionalApiDomain } from './certificates-stack.ts';

export interface ApiStackProps extends StackProps {
  readonly projectRoot: string;
  readonly resolverMap: ResolverMap;
  /** Absolute path of the GraphQL schema. */
  readonly schemaFile: string;
  readonly userPool: IUserPool;
  readonly functions: ReadonlyMap<string, lambda.IFunction>;
  /** Every workflow of the app, deployed or not yet (their ARNs are fixed names). */
  readonly workflowDefinitions: readonly WorkflowDefinition[];
  /** The custom domain and the regional name's certificate (from us-east-1); none: the default AppSync URLs. */
  readonly domain?: { readonly name: string; readonly hostedZoneId: string; readonly certificate: acm.ICertificate };
  /** The region whose copy of the user pool (the pool or its replica) verifies this API's tokens. */
  readonly userPoolRegion: string;
  /** Taken out of the latency routing (drill or outage): its health check reports unhealthy. */
  readonly evacuated: boolean;
}

/**
 * How long the public API key is valid (AppSync's maximum is 365 days). Each deploy renews it from
 * the synth date; the Monitoring stack warns before it runs out (`apiKeyExpires`).
 */
export const API_KEY_VALIDITY = Duration.days(365);

/** An AppSync metric of one API (namespace AWS/AppSync, dimension GraphQLAPIId). */
export function apiMetric(api: appsync.IGraphqlApi, metricName: string, options: cloudwatch.MetricOptions): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace: 'AWS/AppSync', metricName, dimensionsMap: { GraphQLAPIId: api.apiId }, ...options });
}

export class ResolverMapError extends Error {
  override readonly name = 'ResolverMapError';
}

export class ApiStack extends Stack {
  readonly api: appsync.GraphqlApi;
  /** The API's GraphQL and real-time URLs: the regional custom name, or AppSync's own. */
  readonly graphqlUrl: string;
  readonly realtimeUrl: string;
  /** When the public API key expires unless a deploy renews it. */
  readonly apiKeyExpires: Date;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const regionalDomain = props.domain ? regionalApiDomain(this.region, props.domain.name) : undefined;
    const apiKeyExpiration = Expiration.after(API_KEY_VALIDITY);
    this.apiKeyExpires = apiKeyExpiration.date;

    this.api = new appsync.GraphqlApi(this, 'Api', {
      name: `bigsmokes-${this.region}`,
      definition: appsync.Definition.fromFile(props.schemaFile),
      authorizationConfig: {
        defaultAuthorization: {
          authorizationType: appsync.AuthorizationType.USER_POOL,
          // The pool's ID with the region of this API's copy of it (Cognito multi-Region replication:
          // one pool ID in the primary and the replica region), so tokens verify here while the primary is lost.
          userPoolConfig: { userPool: props.userPool },
        },
        additionalAuthorizationModes: [
          { authorizationType: appsync.AuthorizationType.API_KEY, apiKeyConfig: { expires: apiKeyExpiration } },
          { authorizationType: appsync.AuthorizationType.IAM },
        ],
      },
      xrayEnabled: true,
      ...(props.domain && regionalDomain ? { domainName: { certificate: props.domain.certificate, domainName: regionalDomain } } : {}),
      environmentVariables: apiEnvironment(props.resolverMap.environment, this.region, this.account, props.workflowDefinitions),
    });
    const cfnApi = this.api.node.defaultChild as appsync.CfnGraphQLApi;
    cfnApi.addPropertyOverride('UserPoolConfig.AwsRegion', props.userPoolRegion);
    this.addLogging();
    webAcl(this, 'WebAcl', { scope: 'REGIONAL', name: `bigsmokes-api-${this.region}`, associate: this.api.arn });

    const dataSources = new Map<string, appsync.BaseDataSource>();
    for (const definition of props.resolverMap.dataSources) {
      dataSources.set(definition.name, this.addDataSource(definition, props));
    }
    const dataSource = (name: string, where: string): appsync.BaseDataSource => {
      const found = dataSources.get(name);
      if (!found) throw new ResolverMapError(`${where}: data source ${name} is not in the resolver map`);
      return found;
    };
    const runtime = appsync.FunctionRuntime.JS_1_0_0;
    const functions = new Map<string, appsync.AppsyncFunction>();
    for (const fn of props.resolverMap.functions) {
      functions.set(fn.name, new appsync.AppsyncFunction(this, `Function-${fn.name}`, {
        api: this.api,
        name: fn.name,
        dataSource: dataSource(fn.dataSource, `function ${fn.name}`),
        code: appsync.Code.fromInline(appsyncCode(props.projectRoot, fn.code)),
        runtime,
      }));
    }
    for (const resolver of props.resolverMap.resolvers) {
      const where = `resolver ${resolver.typeName}.${resolver.fieldName}`;
      const code = appsync.Code.fromInline(appsyncCode(props.projectRoot, resolver.code));
      new appsync.Resolver(this, `Resolver-${resolver.typeName}-${resolver.fieldName}`, {
        api: this.api,
        typeName: resolver.typeName,
        fieldName: resolver.fieldName,
        code,
        runtime,
        ...(resolver.kind === 'UNIT'
          ? { dataSource: dataSource(resolver.dataSource, where) }
          : {
            pipelineConfig: resolver.functions.map((name) => {
              const fn = functions.get(name);
              if (!fn) throw new ResolverMapError(`${where}: pipeline function ${name} is not in the resolver map`);
              return fn;
            }),
          }),
      });
    }
    if (props.domain && regionalDomain) {
      this.graphqlUrl = `https://${regionalDomain}/graphql`;
      this.realtimeUrl = `wss://${regionalDomain}/graphql/realtime`;
      this.addRouting(regionalDomain, props.domain, props.evacuated);
    } else {
      this.graphqlUrl = cfnApi.attrGraphQlUrl;
      this.realtimeUrl = cfnApi.attrRealtimeUrl;
    }
    // What the web app and scripts configure themselves from (the AWS twin of .local/outputs.json).
    new CfnOutput(this, 'GraphqlUrl', { value: this.graphqlUrl });
    new CfnOutput(this, 'RealtimeUrl', { value: this.realtimeUrl });
    new CfnOutput(this, 'ApiKey', { value: this.api.apiKey ?? '', description: 'Public key for anonymous catalogue reads' });
  }

  /**
   * Field logs to a group created up front (so it has a retention period) through a role that may
   * write only there; the L2 logConfig would add a log-retention Lambda with a managed policy.
   */
  private addLogging(): void {
    const logGroup = new logs.LogGroup(this, 'ApiLogs', {
      logGroupName: `/aws/appsync/apis/${this.api.apiId}`,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(this, 'ApiLogsRole', {
      assumedBy: new iam.ServicePrincipal('appsync.amazonaws.com'),
      description: 'AppSync field logs of this API',
    });
    logGroup.grantWrite(role);
    (this.api.node.defaultChild as appsync.CfnGraphQLApi).logConfig = {
      cloudWatchLogsRoleArn: role.roleArn,
      fieldLogLevel: appsync.FieldLogLevel.ERROR,
      excludeVerboseContent: true,
    };
    acknowledge(this.api, {
      'AwsSolutions-ASC3': 'Request-level logging is on, but verbose content (request and response bodies) is excluded on purpose: they carry delivery addresses, birthdates and payment tokens, which must never reach the logs.',
    });
  }

  /** Each data source gets its own role holding only its statements (the L2 grants are bypassed). */
  private addDataSource(definition: DataSourceDefinition, props: ApiStackProps): appsync.BaseDataSource {
    const id = `DataSource-${definition.name}`;
    const role = new iam.Role(this, `${id}-Role`, {
      assumedBy: new iam.ServicePrincipal('appsync.amazonaws.com'),
      description: `AppSync data source ${definition.name}`,
    });
    const serviceRole = iam.Role.fromRoleArn(this, `${id}-RoleRef`, role.roleArn, { mutable: false });
    const base = { api: this.api, name: definition.name, serviceRole };
    switch (definition.type) {
      case 'AMAZON_DYNAMODB': {
        const table = tables[definition.table];
        // Exactly what its resolvers and functions call: a read-only data source can only read.
        const actions = new Set(this.codeOf(definition.name, props).flatMap((file) => [...resolverActions(appsyncCode(props.projectRoot, file), file)]));
        for (const statement of tableStatements({ read: [definition.table], write: [definition.table] }, actions, this.region, this.account)) {
          role.addToPrincipalPolicy(statement);
        }
        return new appsync.DynamoDbDataSource(this, id, {
          ...base,
          // Only the name is used: the grants are the role's own statements above.
          table: ddb.Table.fromTableName(this, `${id}-Table`, table.tableName),
        });
      }
      case 'HTTP': {
        const sync = definition.sync === true;
        this.grantStates(role, definition.name, sync, props);
        return new appsync.HttpDataSource(this, id, {
          ...base,
          endpoint: `https://${sync ? 'sync-states' : 'states'}.${this.region}.amazonaws.com/`,
          authorizationConfig: { signingRegion: this.region, signingServiceName: definition.service },
        });
      }
      case 'AWS_LAMBDA': {
        const fn = props.functions.get(definition.task);
        if (!fn) throw new ResolverMapError(`data source ${definition.name}: task ${definition.task} is not in tasks/registry.ts`);
        role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }));
        // A reference without permission handling: the L2's grant would otherwise put a resource
        // policy naming this role on the function, tying the tasks stack to this one.
        const lambdaFunction = lambda.Function.fromFunctionAttributes(this, `${id}-Function`, {
          functionArn: fn.functionArn, sameEnvironment: true, skipPermissions: true,
        });
        return new appsync.LambdaDataSource(this, id, { ...base, lambdaFunction });
      }
      case 'NONE':
        return new appsync.NoneDataSource(this, id, { api: this.api, name: definition.name });
    }
  }

  /** The code files of the unit resolvers and pipeline functions that use a data source. */
  private codeOf(dataSource: string, props: ApiStackProps): string[] {
    const map = props.resolverMap;
    return [...new Set([
      ...map.functions.filter((f) => f.dataSource === dataSource).map((f) => f.code),
      ...map.resolvers.flatMap((r) => (r.kind === 'UNIT' && r.dataSource === dataSource ? [r.code] : [])),
    ])];
  }

  /**
   * A `states` HTTP data source may call exactly the actions its resolvers and functions name,
   * on this region's state machines (or their executions).
   */
  private grantStates(role: iam.Role, name: string, sync: boolean, props: ApiStackProps): void {
    const files = this.codeOf(name, props);
    const actions = [...new Set(files.flatMap((file) => statesActions(appsyncCode(props.projectRoot, file))))];
    if (files.length > 0 && actions.length === 0) {
      throw new ResolverMapError(`data source ${name}: its resolvers name no 'AWSStepFunctions.<Action>' target, so no permission can be derived`);
    }
    checkEndpoint(name, sync, actions);
    // An HTTP data source signs for its own region only, so it reaches only this region's machines.
    const scope = { region: this.region, account: this.account, primaryRegion: this.region, tokenRegions: [this.region] };
    const wildcards: Record<string, string> = {};
    for (const action of actions) {
      const grant = actionGrant(action, scope);
      role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [action], resources: [...grant.resources] }));
      for (const resource of grant.resources.filter((r) => r.includes('*'))) {
        wildcards[`AwsSolutions-IAM5[Resource::${resource}]`] = grant.wildcardReason ?? `${action} on ${resource}`;
      }
    }
    acknowledge(role, wildcards);
  }

  /** Regional name, a health check that follows the API's errors (or the evacuation switch), a latency record. */
  private addRouting(regionalDomain: string, props: { readonly name: string; readonly hostedZoneId: string }, evacuated: boolean): void {
    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', { hostedZoneId: props.hostedZoneId, zoneName: props.name });
    const domain = this.api.node.findChild('DomainName') as appsync.CfnDomainName;
    new route53.CnameRecord(this, 'RegionalRecord', {
      zone, recordName: regionalDomain, domainName: domain.attrAppSyncDomainName, ttl: Duration.minutes(5),
    });
    const serverErrors = new cloudwatch.Alarm(this, 'ServerErrors', {
      alarmName: `bigsmokes-${this.region}-api-5xx`,
      alarmDescription: 'The regional GraphQL API answers with server errors: Route 53 stops sending users here',
      metric: apiMetric(this.api, '5XXError', { statistic: 'Sum', period: Duration.minutes(1) }),
      threshold: 5,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const healthCheck = new route53.HealthCheck(this, 'HealthCheck', {
      type: route53.HealthCheckType.CLOUDWATCH_METRIC,
      alarmIdentifier: { region: this.region, name: serverErrors.alarmName },
      // A region whose CloudWatch cannot be read is treated as lost.
      insufficientDataHealthStatus: route53.InsufficientDataHealthStatusEnum.UNHEALTHY,
      inverted: evacuated,
    });
    new route53.CnameRecord(this, 'LatencyRecord', {
      zone,
      recordName: `api.${props.name}`,
      domainName: domain.attrAppSyncDomainName,
      ttl: Duration.seconds(60),
      setIdentifier: this.region,
      region: this.region,
      healthCheck,
    });
  }
}
