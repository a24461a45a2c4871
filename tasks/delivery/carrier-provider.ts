// Which carrier the tasks use, by configuration (CARRIER). Only the sandbox is built.
import type { Carrier } from './carrier.ts';
import { sandboxCarrier } from './sandbox-carrier.ts';

export function carrier(env: NodeJS.ProcessEnv = process.env): Carrier {
  const name = env.CARRIER ?? 'sandbox';
  if (name === 'sandbox') return sandboxCarrier;
  throw new Error(`CARRIER=${name} is not a carrier this build knows (known: sandbox)`);
}
