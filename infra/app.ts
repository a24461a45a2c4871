// Builds the whole deployment: per region a stack per concern, wired to the artefacts the local
// runtime runs (tasks/registry.ts, workflows/*.asl.json, schema/), with cdk-nag validating all.
import { App, ReferenceStrength, Stack, Token, type Environment } from 'aws-cdk-lib';
import fs from 'node:fs';
import path from 'node:path';
import { taskRegistry, type TaskDefinition } from '../tasks/registry.ts';
import { resolverMap, type ResolverMap } from '../schema/resolver-map.ts';
import { loadDeploymentConfig, type DeploymentConfig } from './config.ts';
import { stackName, workflows as workflowDefinitions, type WorkflowDefinition } from './names.ts';
import { addNagChecks } from './lib/nag.ts';
import { releaseBundler } from './lib/appsync-code.ts';
import { DataStack } from './stacks/data-stack.ts';
import { AuthStack, IdentityKeyReplicaStack } from './stacks/auth-stack.ts';
import { TasksStack } from './stacks/tasks-stack.ts';
import { WorkflowsStack } from './stacks/workflows-stack.ts';
import { ApiStack } from './stacks/api-stack.ts';
import { EventsStack } from './stacks/events-stack.ts';
import { FrontendFailoverStack, FrontendStack, type WebConfig } from './stacks/frontend-stack.ts';
import { MonitoringStack } from './stacks/monitoring-stack.ts';
import { CertificatesStack } from './stacks/certificates-stack.ts';
import { DashboardsStack } from './stacks/dashboards-stack.ts';
import { sharedFunctions, type SharedFunctions } from './shared-functions.ts';
import { addRegionOwnership } from './lib/region-ownership.ts';
import { SecretsStack } from './stacks/secrets-stack.ts';
import { userPoolRegion } from './lib/user-pool-region.ts';
import { addPaymentReconciliation } from './lib/payment-reconciliation.ts';

export interface DeploymentSources {
  /** Absolute path of the repository: entries, ASL files and resolver code are relative to it. */
  readonly projectRoot: string;
  readonly registry: Readonly<Record<string, TaskDefinition>>;
  /** Tasks deployed in shared or tuned functions (infra/shared-functions.ts); none: one function per task. */
  readonly sharedFunctions?: SharedFunctions;
  readonly resolverMap: ResolverMap;
  readonly workflows: readonly WorkflowDefinition[];
  /** Absolute path of the GraphQL schema; defaults to the resolver map's schema. */
  readonly schemaFile?: string;
  /** Absolute path of the built web app, uploaded to both web buckets; none: nothing uploaded. */
  readonly webDir?: string;
}

export interface BuildOptions {
  readonly sources: DeploymentSources;
  /** Extra context (tests: cdk.json's context plus `aws:cdk:bundling-stacks: []` to skip esbuild). */
  readonly context?: Record<string, unknown>;
  readonly outdir?: string;
  /** What the CDK CLI provides (CDK_DEFAULT_ACCOUNT); default process.env. */
  readonly environment?: NodeJS.ProcessEnv;
}

export interface RegionStacks {
  readonly tasks: TasksStack;
  readonly workflows: WorkflowsStack;
  readonly api: ApiStack;
  readonly events: EventsStack;
  readonly monitoring: MonitoringStack;
}

export interface Deployment {
  readonly app: App;
  readonly config: DeploymentConfig;
  readonly data: DataStack;
  readonly auth: AuthStack;
  /** Only with a domain. */
  readonly certificates?: CertificatesStack;
  readonly secrets: SecretsStack;
  readonly dashboards: DashboardsStack;
  readonly identityKeyReplica: IdentityKeyReplicaStack;
  readonly frontend: FrontendStack;
  readonly frontendFailover: FrontendFailoverStack;
  readonly regions: ReadonlyMap<string, RegionStacks>;
  readonly stacks: readonly Stack[];
}

export function buildDeployment(options: BuildOptions): Deployment {
  const { sources } = options;
  const app = new App({ context: options.context, outdir: options.outdir });
  const config = loadDeploymentConfig(app, options.environment);
  const schemaFile = sources.schemaFile ?? path.join(sources.projectRoot, sources.resolverMap.schema);
  if (!fs.existsSync(schemaFile)) throw new Error(`GraphQL schema ${schemaFile} does not exist`);
  const env = (region: string): Environment => ({ account: config.account, region });
  // Cross-region references (user pool ID, key ARN, distribution ID) go through SSM parameters.
  const props = (concern: string, region: string) => ({ env: env(region), stackName: stackName(concern, region), crossRegionReferences: true });
  const primary = config.primaryRegion;

  const data = new DataStack(app, stackName('Data', primary), {
    ...props('Data', primary),
    description: 'BigSmokes global tables (replicated to every region) and the user pool key',
    replicaRegions: config.regions.filter((r) => r !== primary),
  });
  const identityKeyReplica = new IdentityKeyReplicaStack(app, stackName('Auth', config.failoverRegion), {
    ...props('Auth', config.failoverRegion),
    description: 'BigSmokes user pool key replica, for the Cognito user pool replica',
    primaryKeyArn: data.identityKey.keyArn,
  });
  const auth = new AuthStack(app, stackName('Auth', primary), {
    ...props('Auth', primary),
    description: 'BigSmokes user pool, groups and web client, replicated to the failover region',
    identityKey: data.identityKey,
    failoverRegion: config.failoverRegion,
  });
  auth.addStackDependency(identityKeyReplica, 'the pool replica needs the key replica');

  const { domain } = config;
  const certificates = domain && new CertificatesStack(app, stackName('Certificates', primary), {
    ...props('Certificates', primary),
    description: 'BigSmokes certificates of the regional API names (AppSync needs them in us-east-1)',
    regions: config.regions,
    domainName: domain.name,
    hostedZoneId: domain.hostedZoneId,
  });
  const secrets = new SecretsStack(app, stackName('Secrets', primary), {
    ...props('Secrets', primary),
    description: 'BigSmokes provider credentials (payment, carrier), replicated to every region',
    replicaRegions: config.regions.filter((r) => r !== primary),
  });

  const regions = new Map<string, RegionStacks>();
  for (const region of config.regions) {
    const tasks = new TasksStack(app, stackName('Tasks', region), {
      ...props('Tasks', region),
      description: 'BigSmokes Lambda tasks',
      registry: sources.registry, sharedFunctions: sources.sharedFunctions ?? {},
      projectRoot: sources.projectRoot,
      primaryRegion: primary,
      regions: config.regions,
      reservedConcurrency: config.reservedConcurrency,
      settings: config.taskEnvironment,
    });
    tasks.addStackDependency(secrets, 'tasks read the provider secrets');
    addRegionOwnership(tasks, tasks.functions, config.regions, { projectRoot: sources.projectRoot, registry: sources.registry });
    addPaymentReconciliation(tasks, tasks.functions);
    const workflows = new WorkflowsStack(app, stackName('Workflows', region), {
      ...props('Workflows', region),
      description: 'BigSmokes state machines (Checkout, Fulfilment, Refund)',
      workflows: sources.workflows,
      projectRoot: sources.projectRoot,
      functions: tasks.functions,
    });
    const api = new ApiStack(app, stackName('Api', region), {
      ...props('Api', region),
      description: 'BigSmokes GraphQL API (with a domain: its regional name and latency record)',
      projectRoot: sources.projectRoot,
      resolverMap: sources.resolverMap,
      schemaFile,
      userPool: auth.userPool,
      functions: tasks.functions,
      workflowDefinitions: sources.workflows,
      domain: domain && certificates ? { ...domain, certificate: certificates.apiCertificate(region) } : undefined,
      userPoolRegion: userPoolRegion(region, config),
      evacuated: config.evacuatedRegions.includes(region),
    });
    const events = new EventsStack(app, stackName('Events', region), {
      ...props('Events', region),
      description: 'BigSmokes event bus, status fan-out and archive',
      api: api.api,
      schemaFile,
      resolvedFields: new Set(sources.resolverMap.resolvers.map((r) => `${r.typeName}.${r.fieldName}`)),
      peerRegions: config.regions.filter((r) => r !== region),
    });
    const monitoring = new MonitoringStack(app, stackName('Monitoring', region), {
      ...props('Monitoring', region),
      description: 'BigSmokes alarms, to the region\'s SNS topic',
      syncFunctions: tasks.syncFunctions,
      services: [...new Set(Object.values(sources.registry).map((t) => t.service))],
      workflows: workflows.deployed,
      api: api.api,
      deadLetters: events.deadLetters,
      alarmEmail: config.alarmEmail,
      apiKeyExpires: api.apiKeyExpires,
    });
    // Tables are reached by name, so the order is stated rather than implied by a reference.
    for (const stack of [tasks, workflows, api]) stack.addStackDependency(data, 'uses the global tables');
    // The API reaches the state machines by their fixed ARNs; they should exist before it calls them.
    api.addStackDependency(workflows, 'starts and reads the state machines');
    regions.set(region, { tasks, workflows, api, events, monitoring });
  }

  const dashboards = new DashboardsStack(app, stackName('Dashboards', primary), {
    ...props('Dashboards', primary),
    description: 'BigSmokes dashboards: every service and the sagas, all regions side by side',
    registry: sources.registry, sharedFunctions: sources.sharedFunctions ?? {},
    regions: [...regions].map(([region, stacks]) => ({
      region, api: stacks.api.api, workflows: stacks.workflows.deployed.map((w) => w.definition),
    })),
  });

  // The web app's outputs.json, from every region's API stack and the user pool: read at deploy
  // time through Fn::GetStackOutput (weak references), so a regional stack stays free to change
  // its URL or renew its API key without an export locking it to the frontend.
  const weak = (value: string): string => (Token.isUnresolved(value) ? Stack.consumeReference(value, ReferenceStrength.WEAK) : value);
  const webConfig = (): WebConfig => {
    const home = regions.get(primary)!.api;
    return {
      region: primary,
      graphqlUrl: weak(home.graphqlUrl),
      realtimeUrl: weak(home.realtimeUrl),
      apiKey: weak(home.api.apiKey ?? ''),
      userPoolId: weak(auth.userPool.userPoolId),
      userPoolClientId: weak(auth.client.userPoolClientId),
      regions: Object.fromEntries([...regions].map(([region, { api }]) => [region, {
        graphqlUrl: weak(api.graphqlUrl), realtimeUrl: weak(api.realtimeUrl), apiKey: weak(api.api.apiKey ?? ''),
        cognitoEndpoint: `https://cognito-idp.${userPoolRegion(region, config)}.amazonaws.com/`,
      }])),
    };
  };
  const frontend = new FrontendStack(app, stackName('Frontend', primary), {
    ...props('Frontend', primary),
    description: 'BigSmokes web app: bucket, CloudFront with origin failover, WAF, outputs.json (with a domain: DNS)',
    failoverRegion: config.failoverRegion,
    domain,
    webDir: sources.webDir,
    webConfig: webConfig(),
  });
  const frontendFailover = new FrontendFailoverStack(app, stackName('Frontend', config.failoverRegion), {
    ...props('Frontend', config.failoverRegion),
    description: 'BigSmokes web app failover bucket',
    distributionId: frontend.distribution.distributionId,
    webDir: sources.webDir,
    webConfig: webConfig(),
  });

  releaseBundler();
  addNagChecks(app);
  const stacks = app.node.children.filter((c): c is Stack => Stack.isStack(c));
  return { app, config, data, auth, certificates, secrets, dashboards, identityKeyReplica, frontend, frontendFailover, regions, stacks };
}

/** The repository's own artefacts: what `npm run synth` and `npm run deploy` ship. */
export function repositorySources(projectRoot: string): DeploymentSources {
  // `npm run build` in web/ (Vite) writes web/dist; deploy uploads it when it is there.
  const webDir = path.join(projectRoot, 'web', 'dist');
  return { projectRoot, registry: taskRegistry, resolverMap, workflows: workflowDefinitions, sharedFunctions, webDir: fs.existsSync(webDir) ? webDir : undefined };
}
