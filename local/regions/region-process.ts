// One local region in a process of its own (started by launcher.ts): the whole single-region
// platform on the ports and data folder its environment names, so that a drill can kill the region
// at once with SIGKILL, as an outage would, and start it again on the same data. Tells the launcher
// its outputs (or why it could not start) over the IPC channel.
import { loadConfig } from '../config.ts';
import { startPlatform } from '../platform.ts';
import type { Outputs } from '../outputs.ts';

export type RegionMessage = { readonly ready: Outputs } | { readonly failed: string };

const send = (message: RegionMessage) => process.send?.(message);

try {
  const platform = await startPlatform(loadConfig());
  send({ ready: platform.outputs });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await platform.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The launcher gone (its IPC channel closed) leaves no orphan region behind.
  process.on('disconnect', stop);
} catch (err) {
  send({ failed: (err as Error).message });
  process.exit(1);
}
