// Test support: an in-memory local DynamoDB and the identity service on ephemeral ports, with a
// temp data dir, a Cognito client against it, and the codes the service "sends" (its log).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { identityTable } from '../../local/identity/table.ts';
import { localClientConfig } from '../../local/aws/client-config.ts';
import { startIdentity } from '../../local/identity/server.ts';
import type { LocalIdentity } from '../../local/identity/server.ts';
import { startTestDynamoDB } from '../support/local-dynamodb.ts';
import type { TestDynamoDB } from '../support/local-dynamodb.ts';

export interface TestIdentity {
  readonly identity: LocalIdentity;
  readonly dynamodb: TestDynamoDB;
  readonly cognito: CognitoIdentityProviderClient;
  readonly dataDir: string;
  readonly log: string[];
  /** The latest confirmation code logged for `username`. */
  codeFor(username: string): string;
  /** Stops the identity service only (the store and data dir stay), then starts it again. */
  restart(): Promise<TestIdentity>;
  close(): Promise<void>;
}

async function startOn(dynamodb: TestDynamoDB, dataDir: string): Promise<TestIdentity> {
  const log: string[] = [];
  const identity = await startIdentity({
    port: 0, dynamodbEndpoint: dynamodb.endpoint, dataDir, region: 'us-east-1', log: (line) => log.push(line),
  });
  const cognito = new CognitoIdentityProviderClient(localClientConfig(identity.endpoint));
  const stop = async (): Promise<void> => {
    cognito.destroy();
    await identity.close();
  };
  return {
    identity, dynamodb, cognito, dataDir, log,
    codeFor(username) {
      const line = log.filter((l) => l.includes(`confirmation code for ${username}:`)).at(-1);
      if (!line) throw new Error(`no confirmation code logged for ${username}`);
      return line.slice(line.lastIndexOf(' ') + 1);
    },
    async restart() {
      await stop();
      return startOn(dynamodb, dataDir);
    },
    async close() {
      await stop();
      await dynamodb.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startTestIdentity(): Promise<TestIdentity> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'identity-'));
  const dynamodb = await startTestDynamoDB([identityTable]);
  return startOn(dynamodb, dataDir);
}

/** A password that meets the pool's default policy. */
export const GOOD_PASSWORD = 'Corona-Gorda-1!';
