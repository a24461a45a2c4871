// The local API key: generated on first start (AppSync's `da2-` + 26 characters format) and kept
// under the data directory, so it stays the same across restarts.
import { randomInt } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function generateApiKey(): string {
  let key = 'da2-';
  for (let i = 0; i < 26; i++) key += alphabet[randomInt(alphabet.length)];
  return key;
}

/** `dir`: AppSync's own directory under the data dir (e.g. .local/appsync); the key lives in api-key.json there. */
export async function loadOrCreateApiKey(dir: string): Promise<string> {
  const file = path.join(dir, 'api-key.json');
  try {
    const stored = JSON.parse(await readFile(file, 'utf8')) as { apiKey?: unknown };
    if (typeof stored.apiKey === 'string' && /^da2-[a-z0-9]{26}$/.test(stored.apiKey)) return stored.apiKey;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const apiKey = generateApiKey();
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify({ apiKey, createdAt: new Date().toISOString() }, null, 2)}\n`, { mode: 0o600 });
  return apiKey;
}
