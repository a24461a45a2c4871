// Durability for dynalite's in-memory store: every write is appended to a journal file before it
// is applied, so every acknowledged write survives a kill -9 (the OS keeps what was written; an
// fsync would add power-loss safety no local run needs), and a restart replays it. Now and then the
// journal is folded into a snapshot. Why not LevelDB, dynalite's own persistent store: a local
// platform's data fits in memory many times over, and LevelDB answers every read through the
// thread pool (a hop, a promise and its mutex per read), which cost more than the rest of a
// DynamoDB operation.
//
// Files, in the directory given:
//   snapshot.log      every entry at one moment, as put records
//   journal.log       writes since that moment
//   journal.old.log   the journal a snapshot in progress covers (present only if that snapshot did
//                     not finish: replayed between the snapshot and journal.log)
// A record is its length (u32 LE) and a body: 'p' key value | 'd' key | 'b' and the batch's p/d
// bodies, each with its length (a batch is applied whole or not at all). A key or value is a kind
// byte ('b' bytes, 's' a UTF-8 string), its length (u32 LE) and its bytes. A record cut short by a
// crash is a write never acknowledged, and is skipped. Writes that arrive in the same turn of the
// event loop reach the file in one write (group commit), and are applied, in order, after it.
import {
  closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, truncateSync, writeSync,
} from 'node:fs';
import { AsyncLocalStorage } from 'node:async_hooks';
import path from 'node:path';
import { lockDataDir } from '../data-dir-lock.ts';

type Bytes = Uint8Array | string;
export interface Operation { type: 'put' | 'del'; key: Bytes; value?: Bytes }

/** The private API of an abstract-level store (memory-level) that every write goes through. */
export interface JournaledLevel {
  _put(key: Bytes, value: Bytes, options: unknown): Promise<void>;
  _del(key: Bytes, options: unknown): Promise<void>;
  _batch(operations: Operation[], options: unknown): Promise<void>;
  _clear(options: unknown): Promise<void>;
  iterator(options: { keyEncoding: 'buffer'; valueEncoding: 'buffer' }): AsyncIterable<[Uint8Array, Uint8Array]> & { close(): Promise<void> };
}

const P = 0x70; // 'p'
const D = 0x64; // 'd'
const B = 0x62; // 'b'
const STRING = 0x73; // 's'

function u32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32LE(n);
  return b;
}

function field(value: Bytes): Buffer[] {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return [Buffer.of(typeof value === 'string' ? STRING : B), u32(bytes.length), bytes];
}

function body(op: Operation): Buffer[] {
  return op.type === 'put' ? [Buffer.of(P), ...field(op.key), ...field(op.value!)] : [Buffer.of(D), ...field(op.key)];
}

function record(parts: Buffer[]): Buffer[] {
  return [u32(parts.reduce((n, p) => n + p.length, 0)), ...parts];
}

function batchRecord(operations: Operation[]): Buffer[] {
  return record([Buffer.of(B), ...operations.flatMap((op) => record(body(op)))]);
}

/** One record of the journal's format (tests write files of it as a crash would leave them). */
export function encodeRecord(operations: Operation[]): Buffer {
  return Buffer.concat(operations.length === 1 ? record(body(operations[0])) : batchRecord(operations));
}

/**
 * The records of a file, and how many of its bytes they span. Reading stops at a record cut short
 * by a crash (never acknowledged), however its length bytes read.
 */
function readRecords(file: string): { batches: Operation[][]; complete: number; size: number } {
  if (!existsSync(file)) return { batches: [], complete: 0, size: 0 };
  const data = readFileSync(file);
  const readField = (at: number, end: number): [Bytes, number] => {
    const length = data.readUInt32LE(at + 1);
    const next = at + 5 + length;
    if (next > end) throw new RangeError('field beyond its record');
    const bytes = data.subarray(at + 5, next);
    return [data[at] === STRING ? bytes.toString('utf8') : Buffer.from(bytes), next];
  };
  const readBody = (at: number, end: number): Operation => {
    const [key, next] = readField(at + 1, end);
    if (data[at] === P) return { type: 'put', key, value: readField(next, end)[0] };
    if (data[at] === D) return { type: 'del', key };
    throw new RangeError('unknown record');
  };
  const batches: Operation[][] = [];
  let at = 0;
  try {
    while (at + 4 <= data.length) {
      const start = at + 4;
      const end = start + data.readUInt32LE(at);
      if (end > data.length) break;
      if (data[start] === B) {
        const operations: Operation[] = [];
        for (let inner = start + 1; inner < end; inner += 4 + data.readUInt32LE(inner)) operations.push(readBody(inner + 4, end));
        batches.push(operations);
      } else {
        batches.push([readBody(start, end)]);
      }
      at = end;
    }
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
  }
  return { batches, complete: at, size: data.length };
}

export interface JournalOptions {
  /** A journal over this many bytes is folded into a new snapshot. */
  readonly compactAtBytes?: number;
}

export class Journal {
  private readonly dir: string;
  private readonly db: JournaledLevel;
  private readonly compactAtBytes: number;
  private readonly unlock: () => void;
  private readonly original: Pick<JournaledLevel, '_put' | '_del' | '_batch' | '_clear'>;
  private fd = -1;
  private size = 0;
  private closed = false;
  private compacting: Promise<void> | undefined;
  /** Writes of this turn of the event loop: written to the file together, then applied together. */
  private pending: { parts: Buffer[]; apply: () => Promise<void>; resolve: () => void; reject: (err: Error) => void }[] = [];
  private scheduled = false;
  /** The writes of the group (see `group`) whose async context a write is made in. */
  private readonly grouping = new AsyncLocalStorage<Operation[]>();

  private constructor(dir: string, db: JournaledLevel, options: JournalOptions) {
    this.dir = dir;
    this.db = db;
    this.compactAtBytes = options.compactAtBytes ?? 64 * 1024 * 1024;
    // One process at a time writes a journal (two would interleave their records).
    const held = lockDataDir(dir);
    this.unlock = () => held.release();
    this.original = { _put: db._put.bind(db), _del: db._del.bind(db), _batch: db._batch.bind(db), _clear: db._clear.bind(db) };
  }

  /**
   * Loads the directory's snapshot and journals into `db` (an open, empty store), then journals
   * every write `db` takes from now on. `seed` fills a store that has no snapshot yet (a migration;
   * a migration cut short left none, since the server answers nothing before the first snapshot).
   */
  static async open(dir: string, db: JournaledLevel, options: JournalOptions & { seed?: () => Promise<Operation[]> } = {}): Promise<Journal> {
    mkdirSync(dir, { recursive: true });
    const fresh = !['snapshot', 'journal', 'journal.old'].some((name) => existsSync(path.join(dir, `${name}.log`)));
    const journal = new Journal(dir, db, options);
    try {
      if (options.seed && !existsSync(journal.file('snapshot'))) await journal.original._batch(await options.seed(), {});
      await journal.replay();
      journal.fd = openSync(journal.file('journal'), 'a');
      journal.size = statSync(journal.file('journal')).size;
      journal.install();
      if (fresh || options.seed || journal.size > 0 || existsSync(journal.file('journal.old'))) await journal.compact();
      return journal;
    } catch (err) {
      // A start that fails leaves the directory free for the next one.
      journal.unlock();
      throw err;
    }
  }

  private file(name: string): string {
    return path.join(this.dir, `${name}.log`);
  }

  /** Applies the files in order; a journal's record cut short is cut off, so nothing is appended after it. */
  private async replay(): Promise<void> {
    for (const name of ['snapshot', 'journal.old', 'journal']) {
      const file = this.file(name);
      const { batches, complete, size } = readRecords(file);
      for (const operations of batches) await this.original._batch(operations, {});
      if (complete < size && name !== 'snapshot') truncateSync(file, complete);
    }
  }

  /** Journal first, then apply: a write that cannot be journalled is not made. */
  private install(): void {
    const db = this.db;
    const { original } = this;
    const grouped = (operations: Operation[]) => {
      const group = this.grouping.getStore();
      if (group) group.push(...operations);
      return group !== undefined;
    };
    db._put = (key, value, options) => (grouped([{ type: 'put', key, value }])
      ? original._put(key, value, options) : this.append(record(body({ type: 'put', key, value })), () => original._put(key, value, options)));
    db._del = (key, options) => (grouped([{ type: 'del', key }])
      ? original._del(key, options) : this.append(record(body({ type: 'del', key })), () => original._del(key, options)));
    db._batch = (operations, options) => (grouped(operations)
      ? original._batch(operations, options) : this.append(batchRecord(operations), () => original._batch(operations, options)));
    // A range delete (dynalite uses none today) is journalled as the whole store afterwards.
    db._clear = async (options) => {
      await original._clear(options);
      await this.compact();
    };
  }

  /**
   * Runs `fn` (a transaction, under the locks of its items) with its writes journalled as ONE batch
   * record when it ends, which a restart replays whole or not at all: a kill -9 between two of its
   * writes keeps none of them. Inside, each write is applied at once (the transaction's next steps
   * read it); it is acknowledged only once the record is in the file, which `group` awaits. Should
   * that write fail, memory is ahead of the file until a restart (the caller is told it failed).
   */
  async group<T>(fn: () => Promise<T>): Promise<T> {
    const operations: Operation[] = [];
    try {
      return await this.grouping.run(operations, fn);
    } finally {
      if (operations.length > 0) await this.append(operations.length === 1 ? record(body(operations[0])) : batchRecord(operations), async () => undefined);
    }
  }

  private append(parts: Buffer[], apply: () => Promise<void>): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the local DynamoDB store is closed'));
    return new Promise((resolve, reject) => {
      this.pending.push({ parts, apply, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /**
   * Writes the turn's records in one write, then applies them all before anything else runs
   * (memory-level changes its tree synchronously), so whatever is in the file is in the store.
   */
  private flush(): void {
    this.scheduled = false;
    const writes = this.pending;
    this.pending = [];
    if (writes.length === 0) return;
    const bytes = Buffer.concat(writes.flatMap((w) => w.parts));
    try {
      for (let at = 0; at < bytes.length;) at += writeSync(this.fd, bytes, at);
    } catch (err) {
      // None of these writes is made; what part of them reached the file is cut off again.
      try {
        ftruncateSync(this.fd, this.size);
      } catch {
        // The next start cuts off a partial record all the same.
      }
      for (const w of writes) w.reject(err as Error);
      return;
    }
    this.size += bytes.length;
    for (const w of writes) w.apply().then(w.resolve, w.reject);
    if (this.size >= this.compactAtBytes && !this.compacting) void this.compact().catch((err: unknown) => console.error('[dynamodb] snapshot failed', err));
  }

  /**
   * Folds everything into a new snapshot. The journal is set aside and a new one begun at the same
   * moment the store's entries are taken (memory-level iterates a frozen view), so writes made
   * while the snapshot is written land in the new journal; recovery reads whichever files exist.
   */
  compact(): Promise<void> {
    this.compacting ??= (async () => {
      try {
        // No await before the rotation: the view taken holds exactly what the set-aside journal did.
        const entries = this.db.iterator({ keyEncoding: 'buffer', valueEncoding: 'buffer' });
        if (!existsSync(this.file('journal.old'))) {
          closeSync(this.fd);
          renameSync(this.file('journal'), this.file('journal.old'));
          this.fd = openSync(this.file('journal'), 'a');
          this.size = 0;
        }
        const tmp = this.file('snapshot.tmp');
        const out = openSync(tmp, 'w');
        try {
          let chunk: Buffer[] = [];
          let size = 0;
          const flush = () => {
            writeSync(out, Buffer.concat(chunk));
            chunk = [];
            size = 0;
          };
          for await (const [key, value] of entries) {
            for (const part of record(body({ type: 'put', key, value }))) {
              chunk.push(part);
              size += part.length;
            }
            if (size >= 1 << 20) flush();
          }
          flush();
          fsyncSync(out);
        } finally {
          closeSync(out);
          await entries.close();
        }
        renameSync(tmp, this.file('snapshot'));
        rmSync(this.file('journal.old'), { force: true });
      } finally {
        this.compacting = undefined;
      }
    })();
    return this.compacting;
  }

  /** A last snapshot (so the next start reads one file), then the journal is closed. */
  async close(): Promise<void> {
    this.flush();
    this.closed = true;
    await this.compacting;
    await this.compact();
    closeSync(this.fd);
    this.unlock();
  }
}
