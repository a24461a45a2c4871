// One process at a time owns a store's folder under the data directory (two would interleave their
// writes). The lock is an advisory file lock (POSIX fcntl), the kind LevelDB and SQLite hold: the
// operating system drops it the moment its holder's files close, which a process that dies does
// before anything else, however it dies (kill -9, a zombie its parent has not reaped yet), and a
// reused process id can never hold it. Node has no file-lock call of its own; node:sqlite's
// exclusive transaction on an empty database takes exactly this lock, on LOCK.db.
// LOCK, beside it, names the holder's process id for the refusal message and for people: it
// decides nothing.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** https://www.sqlite.org/rescode.html#busy: another connection holds the lock. */
const SQLITE_BUSY = 5;

export interface DataDirLock {
  /** Frees the folder for the next holder (a later start of this process or another). */
  release(): void;
}

/** The process id LOCK names, if it names one. */
function namedHolder(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Locks `dir` (made if missing) for this process until `release()` or the process ends. Throws, with
 * the holder's process id, when a live process (this one included) holds it.
 */
export function lockDataDir(dir: string): DataDirLock {
  mkdirSync(dir, { recursive: true });
  const names = path.join(dir, 'LOCK');
  // SQLite's busy timeout is 0 by default: a held lock answers SQLITE_BUSY at once.
  const db = new DatabaseSync(path.join(dir, 'LOCK.db'));
  try {
    // The rollback journal in memory: no LOCK.db-journal beside it (nothing is ever written).
    db.exec('PRAGMA journal_mode = MEMORY; BEGIN EXCLUSIVE');
  } catch (err) {
    db.close();
    if ((err as { errcode?: number }).errcode !== SQLITE_BUSY) throw new Error(`the lock of the data directory ${dir} could not be taken`, { cause: err });
    const holder = namedHolder(names);
    throw new Error(`the data directory ${dir} is in use by ${holder ? `process ${holder}` : 'another process'}; stop it or choose another LOCAL_DATA_DIR`, { cause: err });
  }
  writeFileSync(names, String(process.pid));
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      // LOCK goes while the lock is still held, so it never removes the next holder's. LOCK.db stays:
      // removing it could let one process lock a file another has just opened anew.
      rmSync(names, { force: true });
      db.close();
    },
  };
}
