// `npm start`: runs the whole platform locally and prints where everything is.
import { banner } from './banner.ts';
import { loadConfig } from './config.ts';
import { outputsPath } from './outputs.ts';
import { startPlatform } from './platform.ts';

const config = loadConfig();
try {
  const platform = await startPlatform(config);
  console.log(banner(platform.outputs, outputsPath(config.dataDir)));
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await platform.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  console.error(`\nThe platform could not start: ${(err as Error).message}\n`);
  process.exit(1);
}
