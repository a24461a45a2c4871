// One local Stripe at a time keeps its journal under <dataDir>/stripe/ (two would interleave their
// lines): the folder takes the data directory's lock (local/data-dir-lock.ts, an advisory file lock
// the OS drops when its holder dies, as https://www.sqlite.org/lockingv3.html describes SQLite's).
// A second live holder is refused, naming the holder; a holder killed with -9 blocks nothing, even
// while it is a zombie nobody has reaped.
import path from 'node:path';
import { startStripe } from '../../local/stripe/server.ts';
import { holder, killHolder, killToZombie, unreapedHolder } from '../support/lock-holder.ts';
import { tempDirs } from '../support/temp-dirs.ts';
import { sdkFor } from './support.ts';

const newDir = tempDirs('bigsmokes-stripe-lock-');
const fixture = path.join(import.meta.dirname, 'fixtures/hold-stripe.ts');

it('refuses a second live local Stripe on the same data directory, naming the one that holds it', async () => {
  const dataDir = newDir();
  const first = await holder(fixture, dataDir);
  await expect(startStripe({ port: 0, dataDir })).rejects.toThrow(
    `the data directory ${path.join(dataDir, 'stripe')} is in use by process ${first.pid}; stop it or choose another LOCAL_DATA_DIR`);
  await killHolder(first);
});

it('starts again at once on the data of a local Stripe killed with -9 and not yet reaped, with what it answered', async () => {
  const dataDir = newDir();
  const killed = await unreapedHolder(fixture, dataDir);
  await killToZombie(killed.pid);
  const restarted = await startStripe({ port: 0, dataDir });
  try {
    const stripe = sdkFor(restarted.endpoint, restarted.secretKey);
    expect(await stripe.paymentIntents.retrieve(killed.detail)).toMatchObject({ status: 'requires_capture', amount_capturable: 4200 });
  } finally {
    await restarted.close();
    await killHolder(killed);
  }
});

it('frees the folder when it closes, and when a start fails', async () => {
  const dataDir = newDir();
  await (await startStripe({ port: 0, dataDir })).close();
  const running = await startStripe({ port: 0, dataDir });
  // The same port again: listening fails after the store has opened.
  const taken = newDir();
  await expect(startStripe({ port: Number(new URL(running.endpoint).port), dataDir: taken })).rejects.toThrow();
  await running.close();
  await (await startStripe({ port: 0, dataDir })).close();
  await (await startStripe({ port: 0, dataDir: taken })).close();
});
