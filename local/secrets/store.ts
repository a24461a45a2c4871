// The secrets of the local Secrets Manager, durable in <dataDir>/secrets/secrets.json (written whole
// to a temporary file, then renamed, so a crash leaves the old file or the new one). Versions and
// their staging labels follow Secrets Manager: a new value becomes AWSCURRENT and the value it
// replaces AWSPREVIOUS (https://docs.aws.amazon.com/secretsmanager/latest/userguide/whats-in-a-secret.html#term_version).
// One process at a time holds the folder (two would each rewrite the file from what they alone
// know), with the data directory's lock (local/data-dir-lock.ts).
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ServiceError } from '../aws/service-error.ts';
import { lockDataDir, type DataDirLock } from '../data-dir-lock.ts';

export interface SecretVersion {
  readonly versionId: string;
  readonly secretString?: string;
  /** Base64, as the JSON protocol carries blobs. */
  readonly secretBinary?: string;
  readonly createdDate: number;
  stages: string[];
}

export interface Secret {
  readonly arn: string;
  readonly name: string;
  readonly description?: string;
  readonly tags: readonly { Key: string; Value: string }[];
  readonly createdDate: number;
  lastChangedDate: number;
  readonly versions: SecretVersion[];
}

export interface SecretValue {
  readonly secretString?: string;
  readonly secretBinary?: string;
}

const current = 'AWSCURRENT';
const previous = 'AWSPREVIOUS';

const notFound = (message = "Secrets Manager can't find the specified secret.") => new ServiceError('ResourceNotFoundException', message);

export class SecretStore {
  readonly #file: string;
  readonly #region: string;
  readonly #accountId: string;
  readonly #secrets: Secret[];
  readonly #lock: DataDirLock;

  /** Takes the folder's lock until `close()`; throws, naming the holder, when another store holds it. */
  constructor(options: { dataDir: string; region: string; accountId: string }) {
    const dir = path.join(options.dataDir, 'secrets');
    this.#file = path.join(dir, 'secrets.json');
    this.#region = options.region;
    this.#accountId = options.accountId;
    this.#lock = lockDataDir(dir);
    try {
      this.#secrets = existsSync(this.#file) ? JSON.parse(readFileSync(this.#file, 'utf8')) as Secret[] : [];
    } catch (err) {
      this.#lock.release();
      throw new Error(`the local Secrets Manager could not read ${this.#file}`, { cause: err });
    }
  }

  /** Frees the folder for the next start. */
  close(): void {
    this.#lock.release();
  }

  /** By name or full ARN, as SecretId accepts either. */
  find(secretId: string): Secret {
    const secret = this.#secrets.find((s) => s.name === secretId || s.arn === secretId);
    if (secret === undefined) throw notFound();
    return secret;
  }

  has(name: string): boolean {
    return this.#secrets.some((s) => s.name === name);
  }

  version(secret: Secret, versionId: string | undefined, stage: string | undefined): SecretVersion {
    const wanted = stage ?? (versionId === undefined ? current : undefined);
    const version = secret.versions.find((v) => (versionId === undefined || v.versionId === versionId) && (wanted === undefined || v.stages.includes(wanted)));
    if (version === undefined) {
      throw notFound(versionId !== undefined
        ? `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`
        : `Secrets Manager can't find the specified secret value for staging label: ${wanted}`);
    }
    return version;
  }

  create(input: { name: string; description?: string; tags: readonly { Key: string; Value: string }[]; token: string; value?: SecretValue }): { secret: Secret; version?: SecretVersion } {
    const existing = this.#secrets.find((s) => s.name === input.name);
    if (existing !== undefined) {
      // A retried CreateSecret (same ClientRequestToken, same value) is answered as the first one.
      const same = existing.versions.find((v) => v.versionId === input.token);
      if (same !== undefined && sameValue(same, input.value)) return { secret: existing, version: same };
      throw new ServiceError('ResourceExistsException', `The operation failed because the secret ${input.name} already exists.`);
    }
    const now = Date.now();
    // Secrets Manager appends six random characters to the name in the ARN.
    const suffix = randomBytes(6).toString('base64').replace(/[^A-Za-z0-9]/g, 'x').slice(0, 6);
    const secret: Secret = {
      arn: `arn:aws:secretsmanager:${this.#region}:${this.#accountId}:secret:${input.name}-${suffix}`,
      name: input.name, description: input.description, tags: input.tags, createdDate: now, lastChangedDate: now, versions: [],
    };
    this.#secrets.push(secret);
    const version = input.value === undefined ? undefined : this.#addVersion(secret, input.token, input.value, [current]);
    this.#save();
    return { secret, version };
  }

  put(secretId: string, token: string, value: SecretValue, stages: readonly string[]): { secret: Secret; version: SecretVersion } {
    const secret = this.find(secretId);
    const existing = secret.versions.find((v) => v.versionId === token);
    if (existing !== undefined) {
      if (sameValue(existing, value)) return { secret, version: existing };
      throw new ServiceError('ResourceExistsException', "You can't modify an existing version, you can only create a new version.");
    }
    const version = this.#addVersion(secret, token, value, stages);
    this.#save();
    return { secret, version };
  }

  #addVersion(secret: Secret, versionId: string, value: SecretValue, stages: readonly string[]): SecretVersion {
    const now = Date.now();
    if (stages.includes(current)) {
      for (const v of secret.versions) v.stages = v.stages.filter((s) => s !== previous);
      const old = secret.versions.find((v) => v.stages.includes(current));
      if (old !== undefined) old.stages = [...old.stages.filter((s) => s !== current), previous];
    }
    for (const v of secret.versions) v.stages = v.stages.filter((s) => s === current || s === previous || !stages.includes(s));
    const version: SecretVersion = { versionId, ...value, createdDate: now, stages: [...stages] };
    secret.versions.push(version);
    secret.lastChangedDate = now;
    return version;
  }

  #save(): void {
    const temporary = `${this.#file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.#secrets));
    renameSync(temporary, this.#file);
  }
}

function sameValue(version: SecretVersion, value: SecretValue | undefined): boolean {
  return version.secretString === value?.secretString && version.secretBinary === value?.secretBinary;
}

export const newVersionId = (): string => randomUUID();
