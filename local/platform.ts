// Composes the local platform: every embedded AWS stand-in, seeded, on loopback.
// `npm start` runs it through main.ts; API tests start it on ephemeral ports with a temp data dir.
import path from 'node:path';
import { allTables } from '../infra/tables.ts';
import type { LocalConfig } from './config.ts';
import { ensureTables } from './dynamodb/create-tables.ts';
import { startDynamoDB, type LocalDynamoDB } from './dynamodb/server.ts';
import { startEventBus, type LocalEventBus } from './events/index.ts';
import { createTokenVerifier, seedDemoUsers, startIdentity, type LocalIdentity } from './identity/index.ts';
import { writeOutputs, type Outputs } from './outputs.ts';
import { loadCatalogue } from './seed/load-catalogue.ts';

export interface Platform {
  readonly outputs: Outputs;
  readonly dynamodb: LocalDynamoDB;
  readonly identity: LocalIdentity;
  readonly events: LocalEventBus;
  close(): Promise<void>;
}

export async function startPlatform(config: LocalConfig): Promise<Platform> {
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch((err) => console.error('[platform] close failed', err));
  };
  try {
    const dynamodb = await startDynamoDB({ port: config.dynamodbPort, host: config.host, dataDir: config.dataDir, region: config.region });
    closers.push(() => dynamodb.close());
    await ensureTables(dynamodb.endpoint, allTables, config.region);
    await loadCatalogue(dynamodb.endpoint, config.region);

    const identityDir = path.join(config.dataDir, 'identity');
    const identity = await startIdentity({
      port: config.cognitoPort, host: config.host, dynamodbEndpoint: dynamodb.endpoint, dataDir: identityDir,
      region: config.region, log: (line) => console.log(`[identity] ${line}`),
    });
    closers.push(() => identity.close());
    const demoUsers = await seedDemoUsers({ endpoint: identity.endpoint, userPoolId: identity.userPoolId, dataDir: identityDir, region: config.region });
    const verifier = createTokenVerifier({ issuer: identity.issuer, jwksUri: identity.jwksUri, clientId: identity.userPoolClientId });

    const events = await startEventBus({ port: config.eventsPort, host: config.host, region: config.region, accountId: config.accountId });
    closers.push(() => events.close());

    const outputs: Outputs = {
      region: config.region,
      dynamodbEndpoint: dynamodb.endpoint,
      cognitoEndpoint: identity.endpoint,
      userPoolId: identity.userPoolId,
      userPoolClientId: identity.userPoolClientId,
      eventsEndpoint: events.endpoint,
      demoUsers,
    };
    writeOutputs(config.dataDir, outputs);
    void verifier;
    return { outputs, dynamodb, identity, events, close };
  } catch (err) {
    await close();
    throw err;
  }
}
