// `npm run start:regions`: one local platform per region (REGIONS, default
// us-east-1,eu-west-1,ap-southeast-1; the first is the primary), each in its own process, on the
// single-region ports + LOCAL_PORT_OFFSET + 1000 × i, with data under <LOCAL_DATA_DIR>/<region>/
// (API.md §8), and the front door on FRONT_DOOR_PORT (4100 + the offset; health checks every
// FRONT_DOOR_HEALTH_INTERVAL_MS, default Route 53's 30 s, FRONT_DOOR_FAILURE_THRESHOLD, default 3).
// Writes `.local/outputs.json` with the primary's keys, a `regions` map and `frontDoorUrl`.
import { loadConfig } from '../config.ts';
import { outputsPath, writeOutputs } from '../outputs.ts';
import { regionsBanner } from './banner.ts';
import { startRegions } from './launcher.ts';
import { frontDoorDefaultPort, regionNames } from './region-ports.ts';
import { startFrontDoor } from './front-door.ts';

const optionalNumber = (name: string): number | undefined => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
};

const config = loadConfig();
try {
  const portOffset = Number(process.env.LOCAL_PORT_OFFSET ?? 0);
  const regions = await startRegions({ regions: regionNames(process.env.REGIONS), dataDir: config.dataDir, portOffset });
  const frontDoor = await startFrontDoor({
    regions, accountId: config.accountId, port: Number(process.env.FRONT_DOOR_PORT ?? frontDoorDefaultPort + portOffset),
    health: { intervalMs: optionalNumber('FRONT_DOOR_HEALTH_INTERVAL_MS'), failureThreshold: optionalNumber('FRONT_DOOR_FAILURE_THRESHOLD') },
  }).catch(async (err: unknown) => {
    await regions.close();
    throw err;
  });
  const outputs = { ...regions.outputs(), frontDoorUrl: frontDoor.graphqlUrl };
  writeOutputs(config.dataDir, outputs);
  console.log(regionsBanner(outputs, outputsPath(config.dataDir), await regions.rss()));
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await frontDoor.close();
    await regions.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  console.error(`\nThe regions could not start: ${(err as Error).message}\n`);
  process.exit(1);
}
