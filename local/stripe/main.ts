// `node local/stripe/main.ts`: the local Stripe on its own (STRIPE_PORT, default 12111; data under
// LOCAL_DATA_DIR, default .local), e.g. one provider shared by several local regions.
import { loadConfig } from '../config.ts';
import { startStripe } from './server.ts';

const config = loadConfig();
try {
  const stripe = await startStripe({ port: config.stripePort, host: config.host, dataDir: config.dataDir, log: (line) => console.log(`[stripe] ${line}`) });
  console.log(`Local Stripe on ${stripe.endpoint} (secret key ${stripe.secretKey}, test mode only); data under ${config.dataDir}/stripe`);
  const stop = async () => {
    await stripe.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (err) {
  console.error(`\nThe local Stripe could not start: ${(err as Error).message}\n`);
  process.exit(1);
}
