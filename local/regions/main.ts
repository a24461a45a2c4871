// `npm run start:regions`: one local platform per region (REGIONS, default
// us-east-1,eu-west-1,ap-southeast-1; the first is the primary), each in its own process, on the
// single-region ports + LOCAL_PORT_OFFSET + 1000 × i, with data under <LOCAL_DATA_DIR>/<region>/
// (API.md §8). Writes `.local/outputs.json` with the primary's keys and a `regions` map.
import { loadConfig } from '../config.ts';
import { outputsPath, writeOutputs } from '../outputs.ts';
import { regionsBanner } from './banner.ts';
import { startRegions } from './launcher.ts';
import { regionNames } from './region-ports.ts';

const config = loadConfig();
try {
  const portOffset = Number(process.env.LOCAL_PORT_OFFSET ?? 0);
  const regions = await startRegions({ regions: regionNames(process.env.REGIONS), dataDir: config.dataDir, portOffset });
  const outputs = regions.outputs();
  writeOutputs(config.dataDir, outputs);
  console.log(regionsBanner(outputs, outputsPath(config.dataDir), await regions.rss()));
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await regions.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  console.error(`\nThe regions could not start: ${(err as Error).message}\n`);
  process.exit(1);
}
