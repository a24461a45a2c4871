// The local Secrets Manager over AWS's JSON 1.1 protocol (POST / with
// `x-amz-target: secretsmanager.<Action>`, SigV4 signing name `secretsmanager`), so
// @aws-sdk/client-secrets-manager and Powertools Parameters' getSecret work with
// AWS_ENDPOINT_URL_SECRETS_MANAGER set. The actions the platform needs, as the API reference has
// them: GetSecretValue, DescribeSecret, CreateSecret, PutSecretValue
// (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_Operations.html).
import { createServer } from 'node:http';
import path from 'node:path';
import { lockDataDir } from '../data-dir-lock.ts';
import { jsonProtocol } from '../aws/json-protocol.ts';
import { ServiceError } from '../aws/service-error.ts';
import type { LocalCredentials } from '../aws/sigv4.ts';
import { httpAdapter, type LocalService } from '../http/exchange.ts';
import { listen } from '../http/listen.ts';
import { newVersionId, SecretStore, type Secret, type SecretValue, type SecretVersion } from './store.ts';

export interface SecretsManagerOptions {
  /** 0 picks an ephemeral port. */
  readonly port: number;
  readonly host?: string;
  readonly dataDir: string;
  readonly region?: string;
  readonly accountId?: string;
  readonly credentials?: LocalCredentials;
  /** Secrets created at start when absent (a value already there is kept). */
  readonly seed?: Readonly<Record<string, string>>;
}

export interface LocalSecretsManager {
  readonly endpoint: string;
  /** The endpoint's protocol handling, for the in-process transport. */
  readonly service: LocalService;
  close(): Promise<void>;
}

const invalidParameter = (message: string) => new ServiceError('InvalidParameterException', message);
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html#API_CreateSecret_RequestSyntax
const namePattern = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const seconds = (ms: number) => ms / 1000;

function optionalString(input: Record<string, unknown>, field: string, max = 65_536): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > max) throw invalidParameter(`${field} must be a string of at most ${max} characters.`);
  return value;
}

function requiredString(input: Record<string, unknown>, field: string, max = 2048): string {
  const value = optionalString(input, field, max);
  if (value === undefined || value === '') throw invalidParameter(`${field} is required.`);
  return value;
}

/** ClientRequestToken: 32 to 64 characters; the SDK fills in a UUID when the caller gives none. */
function requestToken(input: Record<string, unknown>): string {
  const token = optionalString(input, 'ClientRequestToken', 64) ?? newVersionId();
  if (token.length < 32) throw invalidParameter('ClientRequestToken must be between 32 and 64 characters.');
  return token;
}

function secretValue(input: Record<string, unknown>): SecretValue | undefined {
  const secretString = optionalString(input, 'SecretString');
  const secretBinary = optionalString(input, 'SecretBinary');
  if (secretString !== undefined && secretBinary !== undefined) {
    throw invalidParameter("You can't specify both a binary secret value and a string secret value in the same secret.");
  }
  if (secretString === undefined && secretBinary === undefined) return undefined;
  return secretString !== undefined ? { secretString } : { secretBinary };
}

function tags(input: Record<string, unknown>): { Key: string; Value: string }[] {
  const raw = input.Tags ?? [];
  if (!Array.isArray(raw)) throw invalidParameter('Tags must be a list.');
  return raw.map((t: { Key?: unknown; Value?: unknown }) => {
    if (typeof t?.Key !== 'string' || typeof t.Value !== 'string') throw invalidParameter('Each tag needs a string Key and Value.');
    return { Key: t.Key, Value: t.Value };
  });
}

const valueOf = (version: SecretVersion) => ({
  ...(version.secretString !== undefined && { SecretString: version.secretString }),
  ...(version.secretBinary !== undefined && { SecretBinary: version.secretBinary }),
});

function describe(secret: Secret) {
  return {
    ARN: secret.arn, Name: secret.name, ...(secret.description !== undefined && { Description: secret.description }),
    CreatedDate: seconds(secret.createdDate), LastChangedDate: seconds(secret.lastChangedDate),
    VersionIdsToStages: Object.fromEntries(secret.versions.filter((v) => v.stages.length > 0).map((v) => [v.versionId, v.stages])),
    Tags: secret.tags,
  };
}

export function secretsManagerActions(store: SecretStore) {
  return {
    // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
    GetSecretValue: async (input: Record<string, unknown>) => {
      const secret = store.find(requiredString(input, 'SecretId'));
      const version = store.version(secret, optionalString(input, 'VersionId', 64), optionalString(input, 'VersionStage', 256));
      return { ARN: secret.arn, Name: secret.name, VersionId: version.versionId, ...valueOf(version), VersionStages: version.stages, CreatedDate: seconds(version.createdDate) };
    },
    // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html
    DescribeSecret: async (input: Record<string, unknown>) => describe(store.find(requiredString(input, 'SecretId'))),
    // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
    CreateSecret: async (input: Record<string, unknown>) => {
      const name = requiredString(input, 'Name', 512);
      if (!namePattern.test(name)) throw invalidParameter('Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@');
      const { secret, version } = store.create({
        name, description: optionalString(input, 'Description', 2048), tags: tags(input), token: requestToken(input), value: secretValue(input),
      });
      return { ARN: secret.arn, Name: secret.name, ...(version !== undefined && { VersionId: version.versionId }) };
    },
    // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html
    PutSecretValue: async (input: Record<string, unknown>) => {
      const secretId = requiredString(input, 'SecretId');
      const value = secretValue(input);
      if (value === undefined) throw invalidParameter('You must provide either SecretString or SecretBinary.');
      const stages = input.VersionStages ?? ['AWSCURRENT'];
      if (!Array.isArray(stages) || stages.length === 0 || stages.some((s) => typeof s !== 'string')) throw invalidParameter('VersionStages must be a list of labels.');
      const { secret, version } = store.put(secretId, requestToken(input), value, stages as string[]);
      return { ARN: secret.arn, Name: secret.name, VersionId: version.versionId, VersionStages: version.stages };
    },
  };
}

export async function startSecretsManager(options: SecretsManagerOptions): Promise<LocalSecretsManager> {
  const host = options.host ?? '127.0.0.1';
  const region = options.region ?? 'us-east-1';
  // One process at a time writes the secrets file.
  const lock = lockDataDir(path.join(options.dataDir, 'secrets'));
  const store = new SecretStore({ dataDir: options.dataDir, region, accountId: options.accountId ?? '000000000000' });
  for (const [name, secretString] of Object.entries(options.seed ?? {})) {
    if (!store.has(name)) store.create({ name, tags: [], token: newVersionId(), value: { secretString } });
  }
  // Every Secrets Manager action is authorised with IAM: none is served unsigned.
  const protocol = jsonProtocol({
    signingName: 'secretsmanager', targetPrefix: 'secretsmanager', version: '1.1', region, credentials: options.credentials,
    logName: 'secrets', internalErrorName: 'InternalServiceError', actions: secretsManagerActions(store),
  });
  const service = protocol.service;
  // A secret value is at most 65,536 bytes; a body far above that is refused unread.
  const server = createServer(httpAdapter(service, {
    maxBodyBytes: 256 * 1024,
    tooLarge: () => protocol.failure(invalidParameter('The request is larger than Secrets Manager accepts.')),
  }));
  const port = await listen(server, options.port, host, 'Local Secrets Manager').catch((error: unknown) => {
    lock.release();
    throw error;
  });
  return {
    endpoint: `http://${host}:${port}`,
    service,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      lock.release();
    },
  };
}
