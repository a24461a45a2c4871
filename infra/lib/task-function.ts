// One Lambda function per registry task: Node.js 24 on arm64, bundled by esbuild on this machine
// (never Docker), Powertools configured from the environment, its own log group and a role that
// holds exactly what the registry says the task reads, writes and calls.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import path from 'node:path';
import type { TaskDefinition } from '../../tasks/registry.ts';
import { tableEnvironment, tables, type TableId } from '../tables.ts';
import { eventBusName, functionName, tableArn } from '../names.ts';
import { codeActions, IDEMPOTENCY_ACTIONS } from './code-actions.ts';
import { tableStatements } from './table-access.ts';
import { actionGrant, type ActionScope } from './task-actions.ts';
import { acknowledge, XRAY_WILDCARD } from './nag.ts';
import { READ_SECRET, secretArn, type ProviderSecret } from './provider-secrets.ts';

export const METRICS_NAMESPACE = 'BigSmokes';

export interface TaskFunctionProps {
  readonly name: string;
  readonly task: TaskDefinition;
  readonly projectRoot: string;
  readonly scope: ActionScope;
  /** Reserved concurrency for the tasks of services whose outside provider must be protected. */
  readonly reservedConcurrency?: number;
  /** Deployment-wide task settings (cdk.json `bigsmokes:taskEnvironment`). */
  readonly settings: Readonly<Record<string, string>>;
  /** Memory (MB); default 512. */
  readonly memorySize?: number;
  /** Source maps in the bundle and NODE_OPTIONS=--enable-source-maps; default on. */
  readonly sourceMaps?: boolean;
  /** Provider secrets the task reads: GetSecretValue on this region's copy, and the secret's name in its env variable. */
  readonly secrets?: readonly ProviderSecret[];
}

export class TaskFunction extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: TaskFunctionProps) {
    super(scope, id);
    const { name, task } = props;
    const logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${functionName(name)}`,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Task ${name}: only the tables and actions tasks/registry.ts lists`,
    });
    logGroup.grantWrite(role);
    // Exactly the DynamoDB actions the task's code calls, on the tables the registry names; the
    // idempotency table gets what Powertools Idempotency calls (infra/lib/code-actions.ts).
    const code = codeActions(props.projectRoot, task.entry);
    const idempotency: TableId = 'Idempotency';
    const dataTables = {
      read: task.tables.read.filter((t) => t !== idempotency), write: task.tables.write.filter((t) => t !== idempotency),
    };
    for (const statement of tableStatements(dataTables, code.dynamodb, props.scope.region, props.scope.account)) {
      role.addToPrincipalPolicy(statement);
    }
    if (code.idempotency && [...task.tables.read, ...task.tables.write].includes(idempotency)) {
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        sid: 'IdempotencyRecords', actions: [...IDEMPOTENCY_ACTIONS],
        resources: [tableArn(props.scope.region, props.scope.account, tables.Idempotency.tableName)],
      }));
    }
    const wildcards: Record<string, string> = { ...XRAY_WILDCARD };
    for (const secret of props.secrets ?? []) {
      const arn = secretArn(secret, props.scope.region, props.scope.account);
      role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [arn] }));
      wildcards[`AwsSolutions-IAM5[Resource::${arn}]`] = 'Secrets Manager appends six random characters to a secret\'s name in its ARN; `-??????` matches exactly those.';
    }
    // Reading a provider secret is granted above, on exactly its secret (infra/lib/provider-secrets.ts).
    for (const action of (task.actions ?? []).filter((a) => a !== READ_SECRET)) {
      const grant = actionGrant(action, props.scope);
      role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [action], resources: [...grant.resources] }));
      for (const resource of grant.resources.filter((r) => r.includes('*'))) {
        wildcards[`AwsSolutions-IAM5[Resource::${resource}]`] = grant.wildcardReason ?? `${action} on ${resource}`;
      }
    }

    this.function = new NodejsFunction(this, 'Function', {
      functionName: functionName(name),
      entry: path.join(props.projectRoot, task.entry),
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: path.join(props.projectRoot, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: Duration.seconds(task.timeoutSeconds ?? 10),
      tracing: lambda.Tracing.ACTIVE,
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      reservedConcurrentExecutions: props.reservedConcurrency,
      environment: {
        ...props.settings,
        ...tableEnvironment(),
        EVENT_BUS_NAME: eventBusName,
        POWERTOOLS_SERVICE_NAME: task.service,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...Object.fromEntries((props.secrets ?? []).map((secret) => [secret.env, secret.name])),
        ...(props.sourceMaps ?? true ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: props.sourceMaps ?? true,
        mainFields: ['module', 'main'],
        // The AWS SDK bundled (tree-shaken, minified) rather than taken from the runtime: a fresh
        // process loads the checkout function's 870 KB bundle in ~85 ms of CPU against ~117 ms for
        // the 505 KB one that resolves @aws-sdk/* from node_modules (measured as bench/results/bundles.json
        // does), and the SDK's version is the one the tests ran.
        externalModules: [],
        esbuildArgs: { '--legal-comments': 'none' },
        // ESM bundles of CommonJS dependencies still call require().
        banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
        forceDockerBundling: false,
      },
    });
    acknowledge(this, {
      ...wildcards,
      'Serverless-LambdaDLQ': 'Invoked synchronously by Step Functions or AppSync (RequestResponse): the caller retries and records the failure in the execution history, and a DLQ only applies to asynchronous invocations.',
      'Serverless-LambdaAsyncFailureDestination': 'Never invoked asynchronously; failures surface in the Step Functions execution for a redrive.',
    });
  }
}
