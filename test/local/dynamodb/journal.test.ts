// The local DynamoDB's journal (local/dynamodb/journal.ts): what a restart finds after a write cut
// short, a snapshot cut short, snapshots taken while writes go on, a second process on the same
// data, and a data directory of the earlier LevelDB-backed version.
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { tables } from '../../../infra/tables.ts';
import { openStore, closeStore, type DynaliteStore } from '../../../local/dynamodb/dynalite.ts';
import { encodeRecord, Journal } from '../../../local/dynamodb/journal.ts';
import { startTestDynamoDB } from '../../support/local-dynamodb.ts';
import { tempDirs } from '../../support/temp-dirs.ts';
import { holder, killHolder, killToZombie, unreapedHolder } from '../../support/lock-holder.ts';

const tempDir = tempDirs('bigsmokes-journal-');

// dynalite's store wrapper encodes values as JSON whatever the options say.
const bytes = { keyEncoding: 'utf8', valueEncoding: 'json' } as const;
type Raw = DynaliteStore['db'] & {
  put(key: string, value: string, options: typeof bytes): Promise<void>;
  get(key: string, options: typeof bytes): Promise<string | undefined>;
  del(key: string, options: typeof bytes): Promise<void>;
  batch(ops: { type: 'put' | 'del'; key: string; value?: string }[], options: typeof bytes): Promise<void>;
};
const raw = (store: DynaliteStore) => store.db as Raw;

async function reopen(dir: string): Promise<DynaliteStore> {
  return openStore({ dir });
}

/** Stops a store as a killed process would: the journal is left as written, no last snapshot. */
async function crash(store: DynaliteStore): Promise<void> {
  // The operating system frees a dead process's file lock; this process lives on, so it lets go itself.
  store.journal?.['unlock']();
  store.journal = undefined;
  await closeStore(store);
}

it('replays puts, deletes and batches after a restart, and skips a last line cut short by a crash', async () => {
  const dir = tempDir();
  const store = await reopen(dir);
  await raw(store).put('a', '1', bytes);
  await raw(store).put('b', '2', bytes);
  await raw(store).batch([{ type: 'put', key: 'c', value: '3' }, { type: 'del', key: 'a' }], bytes);
  await raw(store).put('é/ü', 'ñ', bytes);
  // A crash: the journal is left as written (no close, no snapshot), with half a line at its end.
  appendFileSync(path.join(dir, 'journal.log'), encodeRecord([{ type: 'put', key: Buffer.from('z'), value: Buffer.from('9') }]).subarray(0, 9));
  await crash(store);

  const again = await reopen(dir);
  try {
    expect(await raw(again).get('a', bytes)).toBeUndefined();
    expect(await raw(again).get('b', bytes)).toBe('2');
    expect(await raw(again).get('c', bytes)).toBe('3');
    expect(await raw(again).get('é/ü', bytes)).toBe('ñ');
    expect(await raw(again).get('z', bytes)).toBeUndefined();
  } finally {
    await closeStore(again);
  }
});

it('cuts off a record left half-written by a crash, so the writes after the next start are kept', async () => {
  const dir = tempDir();
  const store = await reopen(dir);
  await raw(store).put('before', 'kept', bytes);
  // Killed in the middle of a write: half a record at the end of the journal.
  appendFileSync(path.join(dir, 'journal.log'), encodeRecord([{ type: 'put', key: Buffer.from('torn'), value: Buffer.from('"x"') }]).subarray(0, 12));
  await crash(store);

  const second = await reopen(dir);
  await raw(second).put('after', 'kept too', bytes);
  await crash(second); // killed again, before any snapshot

  const third = await reopen(dir);
  try {
    expect(await raw(third).get('before', bytes)).toBe('kept');
    expect(await raw(third).get('after', bytes)).toBe('kept too');
    expect(await raw(third).get('torn', bytes)).toBeUndefined();
  } finally {
    await closeStore(third);
  }
});

it('recovers from a snapshot cut short: the old journal is replayed between the snapshot and the new one', async () => {
  const dir = tempDir();
  const put = (key: string, value: string) => encodeRecord([{ type: 'put', key: Buffer.from(key), value: Buffer.from(JSON.stringify(value)) }]);
  // The last complete snapshot had k1=old; the journal it was folding (journal.old) changed k1 and
  // added k2; the journal begun at that moment deleted k2 (in a batch) and added k3.
  writeFileSync(path.join(dir, 'snapshot.log'), put('k1', 'old'));
  writeFileSync(path.join(dir, 'journal.old.log'), Buffer.concat([put('k1', 'newer'), put('k2', 'x')]));
  writeFileSync(path.join(dir, 'journal.log'), Buffer.concat([
    encodeRecord([{ type: 'del', key: Buffer.from('k2') }, { type: 'put', key: Buffer.from('k4'), value: Buffer.from('"z"') }]), put('k3', 'y'),
  ]));
  writeFileSync(path.join(dir, 'snapshot.tmp.log'), 'half a snapshot');
  const store = await reopen(dir);
  try {
    expect(await raw(store).get('k1', bytes)).toBe('newer');
    expect(await raw(store).get('k2', bytes)).toBeUndefined();
    expect(await raw(store).get('k3', bytes)).toBe('y');
    expect(await raw(store).get('k4', bytes)).toBe('z');
    // Opening folded it all into one snapshot.
    expect(existsSync(path.join(dir, 'journal.old.log'))).toBe(false);
  } finally {
    await closeStore(store);
  }
});

it('loses nothing when snapshots are taken while writes go on', async () => {
  const dir = tempDir();
  const store = await openStore();
  await store.db.open();
  // A tiny threshold: a snapshot starts every few dozen writes, while the others keep coming.
  store.journal = await Journal.open(path.join(dir, 'small'), store.db, { compactAtBytes: 2_000 });
  await Promise.all(Array.from({ length: 500 }, (_, i) => raw(store).put(`key${String(i).padStart(3, '0')}`, `value-${i}`, bytes)));
  await Promise.all(Array.from({ length: 100 }, (_, i) => raw(store).del(`key${String(i * 5).padStart(3, '0')}`, bytes)));
  await closeStore(store); // closes the journal too, with a last snapshot

  const again = await openStore({ dir: path.join(dir, 'small') });
  try {
    const kept: string[] = [];
    const iterate = (again.db as unknown as { iterator(o: object): AsyncIterable<[string, unknown]> }).iterator({ keyEncoding: 'utf8', valueEncoding: 'json' });
    for await (const [key, value] of iterate) {
      kept.push(key);
      expect(value).toBe(`value-${Number(key.slice(3))}`);
    }
    expect(kept).toEqual(Array.from({ length: 500 }, (_, i) => i).filter((i) => i % 5 !== 0).map((i) => `key${String(i).padStart(3, '0')}`));
    expect(readdirSync(path.join(dir, 'small')).sort()).toEqual(['LOCK', 'LOCK.db', 'journal.log', 'snapshot.log']);
  } finally {
    await closeStore(again);
  }
});

/** Runs the hold-journal fixture through `command` (a shell line; $0 is node, $1 the fixture, $2 the dir) and waits for its pid. */
const holdJournal = path.join(import.meta.dirname, 'fixtures/hold-journal.ts');

describe('one process at a time journals to a directory (its lock, local/data-dir-lock.ts)', () => {
  it('refuses a directory another live process journals to, naming that process', async () => {
    const dir = tempDir();
    const held = await holder(holdJournal, dir);
    await expect(reopen(dir)).rejects.toThrow(`the data directory ${dir} is in use by process ${held.pid}; stop it or choose another LOCAL_DATA_DIR`);
    await killHolder(held);
  });

  it('is free the moment its holder is killed, while the holder is still a zombie nobody has reaped', async () => {
    const dir = tempDir();
    // The shell becomes `sleep`, which never reaps the holder it started: killed, the holder stays a
    // zombie, and a zombie still answers kill(pid, 0).
    const held = await unreapedHolder(holdJournal, dir);
    await killToZombie(held.pid);
    await closeStore(await reopen(dir));
    held.shell.kill('SIGKILL');
  });

  it('is not held by an unrelated live process that LOCK happens to name (a reused process id), nor by an empty LOCK', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'LOCK'), String(process.ppid));
    const store = await reopen(dir);
    expect(readFileSync(path.join(dir, 'LOCK'), 'utf8')).toBe(String(process.pid));
    await closeStore(store);
    expect(existsSync(path.join(dir, 'LOCK'))).toBe(false);
    // Killed between creating LOCK and writing its pid: empty.
    writeFileSync(path.join(dir, 'LOCK'), '');
    await closeStore(await reopen(dir));
  });

  it('refuses a second open in the same process until the first is closed', async () => {
    const dir = tempDir();
    const first = await reopen(dir);
    await expect(reopen(dir)).rejects.toThrow(`is in use by process ${process.pid}`);
    await closeStore(first);
    await closeStore(await reopen(dir));
  });
});

it('moves the data of the earlier LevelDB-backed store into the journal on the first start', async () => {
  const dataDir = tempDir();
  const require = createRequire(import.meta.url);
  const legacy = require('dynalite') as (options: { path: string; createTableMs: number }) => { listen(port: number, cb: () => void): void; address(): { port: number }; close(cb: () => void): void };
  // The earlier version: dynalite on LevelDB under <data>/dynamodb/store.
  const server = legacy({ path: path.join(dataDir, 'dynamodb', 'store'), createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const { ensureTables } = await import('../../../local/dynamodb/create-tables.ts');
  const { DynamoDBClient, waitUntilTableExists } = await import('@aws-sdk/client-dynamodb');
  const { DynamoDBDocumentClient } = await import('@aws-sdk/lib-dynamodb');
  const { localClientConfig } = await import('../../../local/aws/client-config.ts');
  const endpoint = `http://127.0.0.1:${server.address().port}`;
  await ensureTables(endpoint, [tables.Products]);
  const client = new DynamoDBClient(localClientConfig(endpoint));
  // dynalite reports a new table CREATING until its next tick; a loaded machine can see that.
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { TableName: tables.Products.tableName });
  const doc = DynamoDBDocumentClient.from(client);
  await doc.send(new PutCommand({ TableName: tables.Products.tableName, Item: { id: 'legacy', name: 'Kept', category: 'c' } }));
  doc.destroy();
  await new Promise<void>((resolve) => server.close(resolve));

  const db = await startTestDynamoDB([tables.Products], dataDir);
  try {
    expect((await db.doc.send(new GetCommand({ TableName: tables.Products.tableName, Key: { id: 'legacy' } }))).Item?.name).toBe('Kept');
    expect((await db.doc.send(new ScanCommand({ TableName: tables.Products.tableName }))).Count).toBe(1);
    expect(existsSync(path.join(dataDir, 'dynamodb', 'store.migrated'))).toBe(true);
  } finally {
    await db.close();
  }
});
