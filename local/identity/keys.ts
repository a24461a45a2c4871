// Signing keys per user pool: one RS256 pair for ID tokens and one for access tokens (Cognito signs
// the two with different keys, so their `kid`s differ: "Understanding the access token",
// https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-access-token.html).
// Made on first use and kept as private JWKs in <dataDir>/keys/<poolId>.json (mode 0600).
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose';
import type { JWK } from 'jose';

export type TokenUse = 'id' | 'access';

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

export type PoolKeys = Readonly<Record<TokenUse, SigningKey>>;

type StoredKeys = Record<TokenUse, JWK>;

async function newPrivateJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'RS256', use: 'sig' };
}

async function toSigningKey(jwk: JWK): Promise<SigningKey> {
  const { kty, n, e, kid, alg, use } = jwk;
  return {
    kid: String(kid),
    privateKey: (await importJWK(jwk, 'RS256')) as CryptoKey,
    publicJwk: { alg, e, kid, kty, n, use },
  };
}

async function readStored(file: string): Promise<StoredKeys | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as StoredKeys;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Loads the pool's keys, creating them on first use; one load per pool even under concurrent calls. */
export class KeyRing {
  readonly #dir: string;
  readonly #loaded = new Map<string, Promise<PoolKeys>>();
  readonly #create: boolean;

  /** `create: false`: a pool's keys must already be there (a multi-Region secondary's, copied from the primary). */
  constructor(dataDir: string, options: { create?: boolean } = {}) {
    this.#dir = path.join(dataDir, 'keys');
    this.#create = options.create ?? true;
  }

  forPool(poolId: string): Promise<PoolKeys> {
    let keys = this.#loaded.get(poolId);
    if (!keys) {
      keys = this.#load(poolId);
      keys.catch(() => this.#loaded.delete(poolId));
      this.#loaded.set(poolId, keys);
    }
    return keys;
  }

  async #load(poolId: string): Promise<PoolKeys> {
    const file = path.join(this.#dir, `${poolId}.json`);
    let stored = await readStored(file);
    if (!stored && !this.#create) throw new Error(`no signing keys for user pool ${poolId} in ${this.#dir} (a secondary takes the primary's)`);
    if (!stored) {
      stored = { id: await newPrivateJwk(), access: await newPrivateJwk() };
      await mkdir(this.#dir, { recursive: true, mode: 0o700 });
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, JSON.stringify(stored), { mode: 0o600 });
      await rename(temp, file);
    }
    return { id: await toSigningKey(stored.id), access: await toSigningKey(stored.access) };
  }

  /** The pool's JWKS as served at /<poolId>/.well-known/jwks.json. */
  async jwks(poolId: string): Promise<{ keys: JWK[] }> {
    const keys = await this.forPool(poolId);
    return { keys: [keys.id.publicJwk, keys.access.publicJwk] };
  }
}
