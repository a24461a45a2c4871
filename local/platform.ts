// Composes the local platform: every embedded AWS stand-in, seeded, on loopback.
// `npm start` runs it through main.ts; API and browser tests start it on ephemeral ports with a
// temp data dir. Start order follows the dependencies: DynamoDB, identity, event bus, Step
// Functions (whose tasks use all three), then AppSync in front of them all.
import path from 'node:path';
import { apiEnvironment } from '../infra/lib/api-environment.ts';
import { eventBusName, orderStatusEvent, workflows } from '../infra/names.ts';
import { tableEnvironment } from '../infra/tables.ts';
import { resolverMap } from '../schema/resolver-map.ts';
import { hostClients } from '../tasks/lib/clients.ts';
import { loadOrCreateApiKey } from './appsync/api-key.ts';
import { LocalTransport } from './aws/local-transport.ts';
import { startAppSync, type AppSyncServer } from './appsync/server.ts';
import type { LocalConfig } from './config.ts';
import { ensureTables } from './dynamodb/create-tables.ts';
import { startDynamoDBThread, type DynamoDBThread } from './dynamodb/worker-host.ts';
import { startEventBus, type LocalEventBus } from './events/index.ts';
import { localSecrets, secretNames, startSecretsManager, type LocalSecretsManager } from './secrets/index.ts';
import { createTokenVerifier, seedDemoUsers, startIdentity, type LocalIdentity } from './identity/index.ts';
import { writeOutputs, type Outputs } from './outputs.ts';
import { remoteStripeSwitches, sandboxRoutes, type DrillSwitches } from './sandbox-routes.ts';
import { localSecretKey } from './stripe/auth.ts';
import { startStripe, type StripeServer } from './stripe/server.ts';
import { allTables } from './tables.ts';
import { webConfigRoute } from './web-config-route.ts';
import { loadCatalogue } from './seed/load-catalogue.ts';
import { startStepFunctions, type LocalStepFunctions } from './stepfunctions/index.ts';
import { identityReplicationFromEnv } from './regions/identity-config.ts';
import { replicationFromEnv } from './regions/replication-config.ts';
import { startReservationSweeper, type ReservationSweeper } from './regions/reservation-sweeper.ts';

export interface Platform {
  readonly outputs: Outputs;
  readonly dynamodb: DynamoDBThread;
  readonly identity: LocalIdentity;
  readonly events: LocalEventBus;
  readonly secrets: LocalSecretsManager;
  readonly stepFunctions: LocalStepFunctions;
  readonly appsync: AppSyncServer;
  /** The local Stripe, unless the platform uses an outside one (PAYMENT_ENDPOINT). */
  readonly stripe?: StripeServer;
  /** Returns expired unconverted reservations to stock every minute (SweepReservations). */
  readonly sweeper: ReservationSweeper;
  close(): Promise<void>;
}

const repoRoot = path.resolve(import.meta.dirname, '..');

/**
 * The Lambda environment of the in-process tasks. Tasks read only their environment, as on Lambda:
 * the SDK takes each service's endpoint from its AWS_ENDPOINT_URL_<SERVICE> variable. The platform
 * owns this process's environment, so a later start (another test file in the same worker)
 * replaces the values of an earlier one.
 */
function setTaskEnvironment(values: Record<string, string>): void {
  for (const [key, value] of Object.entries(values)) process.env[key] = value;
}

const runbookNames = new Set(['evacuation', 'handback']);
const machineKey = (name: string) => name.replace(/^bigsmokes-/, '').toLowerCase();
const machineArns = (machines: readonly { name: string; stateMachineArn: string }[]) =>
  Object.fromEntries(machines.map((w) => [machineKey(w.name), w.stateMachineArn]));

export async function startPlatform(config: LocalConfig): Promise<Platform> {
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch((err) => console.error('[platform] close failed', err));
    closers.length = 0;
  };
  // The platform's own SDK clients (tasks, engine, data sources) reach its endpoints in-process.
  const transport = new LocalTransport();
  closers.push(async () => transport.close());
  try {
    // The payment provider: a local Stripe of our own, or a shared one (PAYMENT_ENDPOINT).
    const stripe = config.paymentEndpoint === undefined
      ? await startStripe({ port: config.stripePort, host: config.host, dataDir: config.dataDir, log: (line) => console.log(`[stripe] ${line}`) })
      : undefined;
    if (stripe) closers.push(() => stripe.close());
    const stripeEndpoint = stripe?.endpoint ?? (config.paymentEndpoint as string);
    const paymentSwitches: DrillSwitches = stripe ?? remoteStripeSwitches(stripeEndpoint);

    const dynamodb = await startDynamoDBThread({
      port: config.dynamodbPort, host: config.host, dataDir: config.dataDir, region: config.region, replication: replicationFromEnv(),
    });
    closers.push(() => dynamodb.close());
    transport.register(dynamodb.endpoint, dynamodb.service);
    await ensureTables(dynamodb.endpoint, allTables, config.region);
    await loadCatalogue(dynamodb.endpoint, config.region);

    const identityDir = path.join(config.dataDir, 'identity');
    const identityReplication = identityReplicationFromEnv(config);
    const identity = await startIdentity({
      port: config.cognitoPort, host: config.host, dynamodbEndpoint: dynamodb.endpoint, dataDir: identityDir,
      region: config.region, log: (line) => console.log(`[identity] ${line}`), replication: identityReplication,
    });
    closers.push(() => identity.close());
    // A secondary region's pool creates no users: the primary seeds them and replication brings them.
    const demoUsers = identityReplication?.role === 'secondary'
      ? undefined
      : await seedDemoUsers({ endpoint: identity.endpoint, userPoolId: identity.userPoolId, dataDir: identityDir, region: config.region });
    const verifier = createTokenVerifier({ issuer: identity.issuer, jwksUri: identity.jwksUri, clientId: identity.userPoolClientId });

    const events = await startEventBus({
      port: config.eventsPort, host: config.host, region: config.region, accountId: config.accountId, busNames: [eventBusName],
      onDeliveryFailure: (failure) => console.error('[events] delivery failed after retries', failure),
    });
    closers.push(() => events.close());
    transport.register(events.endpoint, events.service);

    // The provider keys the tasks read by name (PAYMENT_SECRET_ID, CARRIER_SECRET_ID), never from
    // their environment.
    const secrets = await startSecretsManager({
      port: config.secretsPort, host: config.host, dataDir: config.dataDir, region: config.region, accountId: config.accountId,
      seed: localSecrets(stripe?.secretKey ?? localSecretKey),
    });
    closers.push(() => secrets.close());
    transport.register(secrets.endpoint, secrets.service);

    setTaskEnvironment({
      AWS_REGION: config.region,
      // The one access key the local endpoints accept (their SigV4 check); it grants nothing on AWS.
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: events.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
      PAYMENT_SECRET_ID: secretNames.paymentProvider,
      CARRIER_SECRET_ID: secretNames.carrier,
      EVENT_BUS_NAME: eventBusName,
      // The Stripe SDK's base URL (API.md §7); absent on AWS, where the SDK reaches api.stripe.com.
      PAYMENT_API_URL: stripeEndpoint,
      POWERTOOLS_METRICS_NAMESPACE: 'BigSmokes',
      POWERTOOLS_TRACE_ENABLED: 'false',
      POWERTOOLS_METRICS_DISABLED: 'true',
      // Many tasks share this process (one per invocation on Lambda), so one flush can take
      // another's metrics and Powertools warns of an empty one; task logs show from ERROR up
      // unless LOCAL_TASK_LOG_LEVEL asks for more.
      POWERTOOLS_LOG_LEVEL: process.env.LOCAL_TASK_LOG_LEVEL ?? 'ERROR',
      ...tableEnvironment(),
    });
    hostClients({ requestHandler: transport });
    const stepFunctions = await startStepFunctions({
      port: config.stepFunctionsPort, host: config.host, region: config.region, accountId: config.accountId,
      dynamodbEndpoint: dynamodb.endpoint, dynamodbCall: dynamodb.call, rootDir: repoRoot, transport,
      putEvents: (entries) => events.putEvents({ Entries: entries.map(({ Time, ...entry }) => ({ ...entry, ...(Time && { Time: new Date(Time) }) })) }),
      // Executions that were running when the platform stopped resume once the tasks' environment
      // names the Step Functions endpoint too.
      recoverOnStart: false,
    });
    closers.push(() => stepFunctions.close());
    transport.register(stepFunctions.endpoint, stepFunctions.service);
    setTaskEnvironment({ AWS_ENDPOINT_URL_SFN: stepFunctions.endpoint });
    await stepFunctions.engine.recover();
    const sweeper = startReservationSweeper((event) => stepFunctions.lambda.invoke(stepFunctions.lambda.functionArn('SweepReservations'), event));
    closers.push(() => sweeper.close());

    const apiKey = await loadOrCreateApiKey(path.join(config.dataDir, 'appsync'));
    const outputsForWeb: { current?: Outputs } = {};
    const appsync = await startAppSync({
      port: config.graphqlPort, host: config.host, resolverMap, repoRoot, region: config.region, accountId: config.accountId,
      dynamodbEndpoint: dynamodb.endpoint, dynamodbCall: dynamodb.call, stepFunctionsEndpoint: stepFunctions.endpoint, transport, apiKey,
      verifyCognitoToken: (token) => verifier.verify(token),
      invokeLambda: (task, payload) => stepFunctions.lambda.invoke(stepFunctions.lambda.functionArn(task), payload),
      env: apiEnvironment(resolverMap.environment, config.region, config.accountId, workflows),
      staticDir: path.join(repoRoot, 'web', 'dist'),
      extraRoutes: [...sandboxRoutes(paymentSwitches), webConfigRoute(() => outputsForWeb.current)],
    });
    closers.push(() => appsync.close());

    // Status events reach subscribers through the IAM-only publishOrderUpdate mutation, as the
    // EventBridge rule's AppSync target does on AWS.
    events.putRule('order-status-to-api', { source: [orderStatusEvent.source], 'detail-type': [orderStatusEvent.detailType] }, async (event) => {
      const orderId = (event.detail as { orderId?: string }).orderId;
      const response = await appsync.executeAsIam({
        query: 'mutation Publish($id: ID!) { publishOrderUpdate(id: $id) { id userId status items { productId name quantity unitPrice { amount currency } } total { amount currency } deliveryAddress { name line1 line2 city postalCode country } deliveryPrice { amount currency } trackingNumber history { status at note } homeRegion createdAt updatedAt } }',
        variables: { id: orderId },
      });
      if (response.errors?.length) throw new Error(`publishOrderUpdate failed: ${JSON.stringify(response.errors)}`);
    }, { eventBusName });

    const outputs: Outputs = {
      region: config.region,
      graphqlUrl: appsync.url,
      realtimeUrl: appsync.realtimeUrl,
      apiKey,
      webUrl: appsync.url.replace(/graphql$/, ''),
      dynamodbEndpoint: dynamodb.endpoint,
      stepFunctionsEndpoint: stepFunctions.endpoint,
      cognitoEndpoint: identity.endpoint,
      eventsEndpoint: events.endpoint,
      secretsEndpoint: secrets.endpoint,
      stripeEndpoint,
      stripeSecretKey: stripe?.secretKey ?? localSecretKey,
      userPoolId: identity.userPoolId,
      userPoolClientId: identity.userPoolClientId,
      // API.md §6: the keys are exactly checkout, fulfilment, refund; runbooks (the Evacuation of a
      // lost region) are listed apart.
      stateMachines: machineArns(stepFunctions.workflows.filter((w) => !runbookNames.has(machineKey(w.name)))),
      runbooks: machineArns(stepFunctions.workflows.filter((w) => runbookNames.has(machineKey(w.name)))),
      demoUsers,
    };
    outputsForWeb.current = outputs;
    writeOutputs(config.dataDir, outputs);
    // Once running, stop in the order work flows: no new executions, then no event deliveries, then
    // the API, then identity and storage (reverse start order would stop the API while the bus still
    // delivers to it).
    closers.splice(0, closers.length, async () => transport.close(), () => secrets.close(), () => dynamodb.close(), () => identity.close(), () => appsync.close(),
      () => events.close(), () => stepFunctions.close(), () => sweeper.close(), ...(stripe ? [() => stripe.close()] : []));
    return { outputs, dynamodb, identity, events, secrets, stepFunctions, appsync, sweeper, ...(stripe && { stripe }), close };
  } catch (err) {
    await close();
    throw err;
  }
}
