// Composes the local platform: every embedded AWS stand-in, seeded, on loopback.
// `npm start` runs it through main.ts; API tests start it on ephemeral ports with a temp data dir.
import { allTables } from '../infra/tables.ts';
import type { LocalConfig } from './config.ts';
import { ensureTables } from './dynamodb/create-tables.ts';
import { startDynamoDB, type LocalDynamoDB } from './dynamodb/server.ts';
import { writeOutputs, type Outputs } from './outputs.ts';
import { loadCatalogue } from './seed/load-catalogue.ts';

export interface Platform {
  readonly outputs: Outputs;
  readonly dynamodb: LocalDynamoDB;
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

    const outputs: Outputs = {
      region: config.region,
      dynamodbEndpoint: dynamodb.endpoint,
    };
    writeOutputs(config.dataDir, outputs);
    return { outputs, dynamodb, close };
  } catch (err) {
    await close();
    throw err;
  }
}
