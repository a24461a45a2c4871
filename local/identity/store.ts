// Persistence of pools, app clients, users, groups and sessions in the local DynamoDB, table
// `local-identity` (table.ts: pk, sk, gsi1 = gsi1pk/gsi1sk, TTL expiresAt).
//
// Item shapes (every item also carries `kind`):
// | kind       | pk                                  | sk                  | gsi1pk              | gsi1sk            |
// | pool       | POOL#<poolId>                       | POOL                | POOLNAME#<name>     | <poolId>          |
// | client     | CLIENT#<clientId>                   | CLIENT              | CLIENTS#<poolId>    | <clientName>      |
// | user       | USER#<poolId>#<username lowercased> | USER                | USERS#<poolId>      | <username lc>     |
// | membership | USER#<poolId>#<username lc>         | GROUP#<groupName>   | MEMBERS#<poolId>#<groupName> | <username lc> |
// | session    | USER#<poolId>#<username lc>         | SESSION#<originJti> | -                   | -                 |
// | group      | GROUP#<poolId>#<groupName>          | GROUP               | GROUPS#<poolId>     | <groupName>       |
// Usernames are case-insensitive (the pool's UsernameConfiguration CaseSensitive=false), so keys
// use the lowercased name and the item keeps the name as given. A session is one sign-in: the
// refresh token's hashed secret, its client and auth_time; it expires (TTL) with the refresh token,
// and GlobalSignOut deletes all of a user's sessions, which revokes their refresh and access tokens.
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { localClientConfig } from '../aws/client-config.ts';
import type { AppClient, UserPool } from './pool-config.ts';
import { identityTable } from './table.ts';

export type UserStatus = 'UNCONFIRMED' | 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD';

export interface UserRecord {
  readonly userPoolId: string;
  readonly username: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly passwordHash?: string;
  readonly status: UserStatus;
  readonly enabled: boolean;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Sign-up confirmation code (sha-256) and its expiry, epoch ms. */
  readonly confirmation?: { readonly codeHash: string; readonly expiresAt: number };
  /** NEW_PASSWORD_REQUIRED challenge session (sha-256) and its expiry, epoch ms. */
  readonly challenge?: { readonly sessionHash: string; readonly expiresAt: number };
}

export interface GroupRecord {
  readonly userPoolId: string;
  readonly groupName: string;
  readonly description?: string;
  readonly precedence?: number;
  readonly roleArn?: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface SessionRecord {
  readonly originJti: string;
  readonly clientId: string;
  readonly secretHash: string;
  /** Epoch seconds. */
  readonly authTime: number;
  readonly expiresAt: number;
}

const KEY_FIELDS = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'kind'];
const strip = <T>(item: Record<string, unknown>): T =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_FIELDS.includes(k))) as T;

const userPk = (poolId: string, username: string): string => `USER#${poolId}#${username.toLowerCase()}`;

export class IdentityStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(endpoint: string, region: string, table: string = identityTable.tableName) {
    const client = new DynamoDBClient(localClientConfig(endpoint, region));
    this.#doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.#table = table;
  }

  close(): void {
    this.#doc.destroy();
  }

  async #get<T>(pk: string, sk: string): Promise<T | undefined> {
    const { Item } = await this.#doc.send(new GetCommand({ TableName: this.#table, Key: { pk, sk }, ConsistentRead: true }));
    return Item ? strip<T>(Item) : undefined;
  }

  /** Puts an item; with `onlyIfNew`, answers false instead of overwriting an existing one. */
  async #put(item: Record<string, unknown>, onlyIfNew = false): Promise<boolean> {
    try {
      await this.#doc.send(new PutCommand({
        TableName: this.#table,
        Item: item,
        ...(onlyIfNew ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
      }));
      return true;
    } catch (error) {
      if (onlyIfNew && error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async #queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(new QueryCommand({ TableName: this.#table, ...input, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  // Pools and clients

  getPool(poolId: string): Promise<UserPool | undefined> {
    return this.#get<UserPool>(`POOL#${poolId}`, 'POOL');
  }

  async findPoolByName(name: string): Promise<UserPool | undefined> {
    const items = await this.#queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `POOLNAME#${name}` },
    });
    const ids = items.map((i) => String(i.gsi1sk)).sort();
    return ids[0] === undefined ? undefined : this.getPool(ids[0]);
  }

  /** Every pool, oldest first (a scan: the service holds a handful). */
  async listPools(): Promise<UserPool[]> {
    const pools: UserPool[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(new ScanCommand({
        TableName: this.#table, FilterExpression: 'kind = :pool', ExpressionAttributeValues: { ':pool': 'pool' }, ExclusiveStartKey: start, ConsistentRead: true,
      }));
      pools.push(...(page.Items ?? []).map((item) => strip<UserPool>(item)));
      start = page.LastEvaluatedKey;
    } while (start);
    return pools.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  putPool(pool: UserPool): Promise<boolean> {
    return this.#put({ pk: `POOL#${pool.id}`, sk: 'POOL', gsi1pk: `POOLNAME#${pool.name}`, gsi1sk: pool.id, kind: 'pool', ...pool }, true);
  }

  getClient(clientId: string): Promise<AppClient | undefined> {
    return this.#get<AppClient>(`CLIENT#${clientId}`, 'CLIENT');
  }

  async findClientByName(poolId: string, clientName: string): Promise<AppClient | undefined> {
    const items = await this.#queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk = :name',
      ExpressionAttributeValues: { ':pk': `CLIENTS#${poolId}`, ':name': clientName },
    });
    const ids = items.map((i) => String(i.clientId)).sort();
    return ids[0] === undefined ? undefined : this.getClient(ids[0]);
  }

  putClient(client: AppClient): Promise<boolean> {
    return this.#put({
      pk: `CLIENT#${client.clientId}`, sk: 'CLIENT', gsi1pk: `CLIENTS#${client.userPoolId}`, gsi1sk: client.clientName,
      kind: 'client', ...client,
    }, true);
  }

  // Users

  getUser(poolId: string, username: string): Promise<UserRecord | undefined> {
    return this.#get<UserRecord>(userPk(poolId, username), 'USER');
  }

  #userItem(user: UserRecord): Record<string, unknown> {
    const lc = user.username.toLowerCase();
    return { pk: userPk(user.userPoolId, lc), sk: 'USER', gsi1pk: `USERS#${user.userPoolId}`, gsi1sk: lc, kind: 'user', ...user };
  }

  /** False when the username is taken. */
  createUser(user: UserRecord): Promise<boolean> {
    return this.#put(this.#userItem(user), true);
  }

  async saveUser(user: UserRecord): Promise<void> {
    await this.#put(this.#userItem(user));
  }

  async listUsers(poolId: string): Promise<UserRecord[]> {
    const items = await this.#queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `USERS#${poolId}` },
    });
    return items.map((i) => strip<UserRecord>(i)).sort((a, b) => a.username.toLowerCase().localeCompare(b.username.toLowerCase()));
  }

  // Groups

  getGroup(poolId: string, groupName: string): Promise<GroupRecord | undefined> {
    return this.#get<GroupRecord>(`GROUP#${poolId}#${groupName}`, 'GROUP');
  }

  /** False when the group exists. */
  createGroup(group: GroupRecord): Promise<boolean> {
    return this.#put({
      pk: `GROUP#${group.userPoolId}#${group.groupName}`, sk: 'GROUP', gsi1pk: `GROUPS#${group.userPoolId}`, gsi1sk: group.groupName,
      kind: 'group', ...group,
    }, true);
  }

  /** The pool's groups, by name. */
  async listGroups(poolId: string): Promise<GroupRecord[]> {
    const items = await this.#queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `GROUPS#${poolId}` },
    });
    return items.map((item) => strip<GroupRecord>(item)).sort((a, b) => a.groupName.localeCompare(b.groupName));
  }

  async addMembership(poolId: string, username: string, groupName: string): Promise<void> {
    const lc = username.toLowerCase();
    await this.#put({ pk: userPk(poolId, lc), sk: `GROUP#${groupName}`, gsi1pk: `MEMBERS#${poolId}#${groupName}`, gsi1sk: lc, kind: 'membership', groupName });
  }

  /** The user's groups, ordered by precedence (lowest first, unset last), then name. */
  async groupsOf(poolId: string, username: string): Promise<GroupRecord[]> {
    const items = await this.#queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :group)',
      ExpressionAttributeValues: { ':pk': userPk(poolId, username), ':group': 'GROUP#' },
    });
    const groups = await Promise.all(items.map((i) => this.getGroup(poolId, String(i.groupName))));
    return groups
      .filter((g): g is GroupRecord => g !== undefined)
      .sort((a, b) => (a.precedence ?? Infinity) - (b.precedence ?? Infinity) || a.groupName.localeCompare(b.groupName));
  }

  // Sessions

  async putSession(poolId: string, username: string, session: SessionRecord): Promise<void> {
    await this.#put({ pk: userPk(poolId, username), sk: `SESSION#${session.originJti}`, kind: 'session', ...session });
  }

  /** A live session (TTL deletion is lazy, so expiry is checked here too). */
  async getSession(poolId: string, username: string, originJti: string, nowSeconds: number): Promise<SessionRecord | undefined> {
    const session = await this.#get<SessionRecord>(userPk(poolId, username), `SESSION#${originJti}`);
    return session && session.expiresAt > nowSeconds ? session : undefined;
  }

  async deleteSession(poolId: string, username: string, originJti: string): Promise<void> {
    await this.#doc.send(new DeleteCommand({ TableName: this.#table, Key: { pk: userPk(poolId, username), sk: `SESSION#${originJti}` } }));
  }

  async deleteSessions(poolId: string, username: string): Promise<void> {
    const items = await this.#queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :session)',
      ExpressionAttributeValues: { ':pk': userPk(poolId, username), ':session': 'SESSION#' },
      ProjectionExpression: 'pk, sk',
    });
    await Promise.all(items.map((i) => this.#doc.send(new DeleteCommand({ TableName: this.#table, Key: { pk: i.pk, sk: i.sk } }))));
  }
}
