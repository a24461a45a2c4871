// One local Secrets Manager at a time keeps <dataDir>/secrets/ (two would each rewrite secrets.json
// from what they alone know): the folder takes the data directory's lock (local/data-dir-lock.ts,
// an advisory file lock the OS drops when its holder dies, as
// https://www.sqlite.org/lockingv3.html describes SQLite's). A second live holder is refused, naming
// the holder; a holder killed with -9 blocks nothing, even while it is a zombie nobody has reaped.
import path from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { localClientConfig } from '../../../local/aws/client-config.ts';
import { startSecretsManager } from '../../../local/secrets/index.ts';
import { holder, killHolder, killToZombie, unreapedHolder } from '../../support/lock-holder.ts';
import { tempDirs } from '../../support/temp-dirs.ts';

const newDir = tempDirs('bigsmokes-secrets-lock-');
const fixture = path.join(import.meta.dirname, 'fixtures/hold-secrets.ts');

it('refuses a second live Secrets Manager on the same data directory, naming the one that holds it', async () => {
  const dataDir = newDir();
  const first = await holder(fixture, dataDir);
  await expect(startSecretsManager({ port: 0, dataDir })).rejects.toThrow(
    `the data directory ${path.join(dataDir, 'secrets')} is in use by process ${first.pid}; stop it or choose another LOCAL_DATA_DIR`);
  await killHolder(first);
});

it('starts again at once on the data of one killed with -9 and not yet reaped, with what it wrote', async () => {
  const dataDir = newDir();
  const killed = await unreapedHolder(fixture, dataDir);
  await killToZombie(killed.pid);
  const restarted = await startSecretsManager({ port: 0, dataDir });
  const client = new SecretsManagerClient(localClientConfig(restarted.endpoint));
  try {
    expect((await client.send(new GetSecretValueCommand({ SecretId: 'test/held' }))).SecretString).toBe('kept');
  } finally {
    client.destroy();
    await restarted.close();
    await killHolder(killed);
  }
});

it('frees the folder when it closes, and when a start fails', async () => {
  const dataDir = newDir();
  await (await startSecretsManager({ port: 0, dataDir })).close();
  const running = await startSecretsManager({ port: 0, dataDir });
  // The same port again: listening fails after the store has opened.
  const taken = newDir();
  await expect(startSecretsManager({ port: Number(new URL(running.endpoint).port), dataDir: taken })).rejects.toThrow();
  await running.close();
  await (await startSecretsManager({ port: 0, dataDir })).close();
  await (await startSecretsManager({ port: 0, dataDir: taken })).close();
});
