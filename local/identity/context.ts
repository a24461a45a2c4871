// What every action handler gets: the store, the token issuer, the log, and Cognito's look-ups
// with their "does not exist" errors.
import { ServiceError } from '../aws/service-error.ts';
import type { AppClient, UserPool } from './pool-config.ts';
import type { IdentityStore, UserRecord } from './store.ts';
import type { TokenIssuer } from './tokens.ts';

export interface IdentityContext {
  readonly store: IdentityStore;
  readonly tokens: TokenIssuer;
  /** Where codes "sent" by email go locally (never passwords of permanent accounts). */
  readonly log: (line: string) => void;
}

export type Action = (ctx: IdentityContext, input: Record<string, unknown>) => Promise<object>;

export async function requirePool(ctx: IdentityContext, poolId: string): Promise<UserPool> {
  const pool = await ctx.store.getPool(poolId);
  if (!pool) throw new ServiceError('ResourceNotFoundException', `User pool ${poolId} does not exist.`);
  return pool;
}

export async function requireClient(ctx: IdentityContext, clientId: string): Promise<{ client: AppClient; pool: UserPool }> {
  const client = await ctx.store.getClient(clientId);
  if (!client) throw new ServiceError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`);
  return { client, pool: await requirePool(ctx, client.userPoolId) };
}

export async function requireUser(ctx: IdentityContext, poolId: string, username: string): Promise<UserRecord> {
  const user = await ctx.store.getUser(poolId, username);
  if (!user) throw new ServiceError('UserNotFoundException', 'User does not exist.');
  return user;
}

const seconds = (ms: number): number => ms / 1000;

/** The API's UserType (timestamps as epoch seconds, as the JSON protocol sends them). */
export function userType(user: UserRecord, attributes: { Name: string; Value: string }[]): Record<string, unknown> {
  return {
    Username: user.username,
    Attributes: attributes,
    UserCreateDate: seconds(user.createdAt),
    UserLastModifiedDate: seconds(user.updatedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}
