// The platform's pool ("bigsmokes") and its public app client: created on the first start and
// found by name afterwards, so their ids stay stable across restarts of the same data dir.
import { newPublicClient, newUserPool } from './pool-config.ts';
import type { AppClient, UserPool } from './pool-config.ts';
import type { IdentityStore } from './store.ts';

export const POOL_NAME = 'bigsmokes';
export const CLIENT_NAME = 'bigsmokes-web';

export async function ensurePool(store: IdentityStore, region: string): Promise<{ pool: UserPool; client: AppClient }> {
  let pool = await store.findPoolByName(POOL_NAME);
  if (!pool) {
    const created = newUserPool(POOL_NAME, region, Date.now());
    await store.putPool(created);
    pool = created;
  }
  let client = await store.findClientByName(pool.id, CLIENT_NAME);
  if (!client) {
    const created = newPublicClient(pool, CLIENT_NAME);
    await store.putClient(created);
    client = created;
  }
  return { pool, client };
}
