// Entry point for local/main.ts and tests: the engine over the local DynamoDB endpoint (or memory),
// the task registry's handlers as Lambda, workflows/ registered, running executions recovered, and
// the Step Functions JSON protocol served on 127.0.0.1.
import type { Server } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { taskRegistry, type TaskDefinition } from '../../tasks/registry.ts';
import type { WorkflowDefinition } from '../../infra/names.ts';
import { localClientConfig } from '../aws/client-config.ts';
import { createLambdaRuntime, type LambdaRuntime } from '../lambda/runtime.ts';
import { listen, stepFunctionsProtocol } from './api/server.ts';
import type { LocalCredentials } from '../aws/sigv4.ts';
import type { LocalService } from '../http/exchange.ts';
import type { LocalTransport } from '../aws/local-transport.ts';
import { sdkCall, type DynamoDBCall } from '../dynamodb/direct-call.ts';
import { systemClock } from './clock.ts';
import { StepFunctionsEngine } from './engine.ts';
import { DynamoDBStore } from './persistence/dynamodb-store.ts';
import { MemoryStore } from './persistence/memory-store.ts';
import type { LambdaInvoker, PutEvents } from './resources/integrations.ts';
import { registerWorkflows, type RegisteredWorkflow } from './workflows.ts';

export interface StepFunctionsOptions {
  /** Port to listen on: 0 for an ephemeral one (tests); default SFN_PORT or 8083. */
  readonly port?: number;
  readonly host?: string;
  readonly region?: string;
  readonly accountId?: string;
  /** The access key callers sign with (default: the README's `local` / `local`). */
  readonly credentials?: LocalCredentials;
  /** The local DynamoDB endpoint: engine state is persisted there and the dynamodb:* integrations use it. Omitted: in memory. */
  readonly dynamodbEndpoint?: string;
  /** The repository root: registry entries and workflow files are relative to it. */
  readonly rootDir?: string;
  /** Task registry (default tasks/registry.ts) and how to invoke it (default: the in-process runtime). */
  readonly registry?: Readonly<Record<string, Pick<TaskDefinition, 'entry' | 'timeoutSeconds'>>>;
  readonly invokeLambda?: LambdaInvoker;
  /** Environment for the task handlers (table names, endpoints). */
  readonly lambdaEnvironment?: Readonly<Record<string, string>>;
  readonly putEvents?: PutEvents;
  /** Extra or overriding `${...}` values for workflows/*.asl.json. */
  readonly substitutions?: Readonly<Record<string, string>>;
  readonly workflows?: readonly WorkflowDefinition[];
  /** Scale of definition time (waits, retries, timeouts); 1 = real time. */
  readonly timeScale?: number;
  /**
   * Resume RUNNING executions at start (default true). Set false when the tasks' environment is
   * completed after start, and call `engine.recover()` once it is.
   */
  readonly recoverOnStart?: boolean;
  /** How the dynamodb:* integrations' SDK client reaches the endpoint (default: over HTTP). */
  readonly transport?: LocalTransport;
  /** How the engine's store reaches the endpoint (default: an SDK client over `transport`). */
  readonly dynamodbCall?: DynamoDBCall;
}

export interface LocalStepFunctions {
  readonly endpoint: string;
  readonly port: number;
  readonly engine: StepFunctionsEngine;
  readonly lambda: LambdaRuntime;
  readonly workflows: readonly RegisteredWorkflow[];
  /** Executions found RUNNING at start and resumed (0 with recoverOnStart false). */
  readonly recovered: number;
  /** The endpoint's protocol handling, for the in-process transport. */
  readonly service: LocalService;
  close(): Promise<void>;
}

export async function startStepFunctions(options: StepFunctionsOptions = {}): Promise<LocalStepFunctions> {
  const rootDir = options.rootDir ?? process.cwd();
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '000000000000';
  const registry = options.registry ?? taskRegistry;
  const lambda = createLambdaRuntime({ registry, rootDir, region, accountId, environment: options.lambdaEnvironment });
  const dynamodb = options.dynamodbEndpoint ? new DynamoDBClient(localClientConfig(options.dynamodbEndpoint, region, options.transport)) : undefined;
  const engine = new StepFunctionsEngine({
    store: dynamodb ? new DynamoDBStore(options.dynamodbCall ?? sdkCall(dynamodb)) : new MemoryStore(),
    region,
    accountId,
    clock: systemClock(options.timeScale ?? 1),
    invokeLambda: options.invokeLambda ?? ((arn, payload) => lambda.invoke(arn, payload)),
    dynamodb,
    putEvents: options.putEvents,
  });
  const workflows = await registerWorkflows(engine, rootDir, {
    tasks: Object.keys(registry),
    functionArn: (task) => lambda.functionArn(task),
    substitutions: options.substitutions,
    workflows: options.workflows,
  });
  const recovered = options.recoverOnStart === false ? 0 : await engine.recover();
  const port = options.port ?? Number(process.env.SFN_PORT ?? 8083);
  const protocol = stepFunctionsProtocol(engine.actions, region, options.credentials);
  const service = protocol.service;
  const { server, endpoint, port: bound } = await listen(protocol, port, options.host ?? '127.0.0.1');
  return {
    endpoint, port: bound, engine, lambda, workflows, recovered, service,
    async close() {
      await closeServer(server);
      await engine.close();
      dynamodb?.destroy();
    },
  };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
