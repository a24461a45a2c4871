// Cognito user pools' multi-Region replication (MRR), locally
// (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-multi-region.html): one user
// pool id in every region; the primary alone creates users and changes the directory (sign-up,
// admin creation, passwords, attributes, groups); a secondary inherits the pool, its clients and
// users (here through the replicated `local-identity` table, a global table like the platform's),
// signs users in and issues tokens; and every region issues tokens under one multi-Region issuer,
// so a token from any region verifies in every region.
import { ServiceError } from '../aws/service-error.ts';
import type { Action } from './context.ts';
import type { AppClient, UserPool } from './pool-config.ts';
import type { IdentityStore } from './store.ts';
import { CLIENT_NAME, POOL_NAME } from './bootstrap.ts';

export interface IdentityReplication {
  readonly role: 'primary' | 'secondary';
  readonly primaryRegion: string;
  /** The base of the one issuer every region signs with (the primary's endpoint locally). */
  readonly issuerBase: string;
}

/** The directory writes a secondary refuses (the documented "limitations of multi-Region replication"). */
export const primaryOnlyActions: ReadonlySet<string> = new Set([
  'SignUp', 'ConfirmSignUp', 'AdminConfirmSignUp', 'UpdateUserAttributes', 'AdminCreateUser', 'AdminSetUserPassword',
  'AdminDisableUser', 'AdminEnableUser', 'CreateGroup', 'AdminAddUserToGroup',
]);

/**
 * The actions a secondary serves: directory writes answer NotAuthorizedException naming the primary
 * (AWS documents that secondaries cannot create or change users, not the error they answer).
 */
export function secondaryActions(actions: Readonly<Record<string, Action>>, primaryRegion: string): Record<string, Action> {
  return Object.fromEntries(Object.entries(actions).map(([name, action]) => [name, primaryOnlyActions.has(name)
    ? async () => {
      throw new ServiceError('NotAuthorizedException', `${name} is served only by the primary user pool, in ${primaryRegion}: this replica signs users in but does not create or change them`);
    }
    : action]));
}

export class ReplicaPoolMissing extends Error {
  override readonly name = 'ReplicaPoolMissing';
}

/** The primary's pool and client, once replication has brought them here. */
export async function replicatedPool(store: IdentityStore, primaryRegion: string, timeoutMs = 60_000): Promise<{ pool: UserPool; client: AppClient }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pool = await store.findPoolByName(POOL_NAME);
    const client = pool && await store.findClientByName(pool.id, CLIENT_NAME);
    if (pool && client) return { pool, client };
    if (Date.now() > deadline) throw new ReplicaPoolMissing(`the user pool "${POOL_NAME}" has not replicated from ${primaryRegion} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
