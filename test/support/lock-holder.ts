// A child process that holds a store's folder under a data directory, for the lock tests
// (local/data-dir-lock.ts): the fixture opens the store, prints `held <pid> [detail]`, then waits to
// be killed.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface Holder {
  readonly pid: number;
  /** What the fixture printed after its pid (e.g. an id it created), if anything. */
  readonly detail: string;
  readonly shell: ChildProcess;
}

const children: ChildProcess[] = [];
afterAll(() => { for (const child of children) child.kill('SIGKILL'); });

/**
 * Runs `fixture` on `dataDir` through `command` (a shell line; $0 is node, $1 the fixture, $2 the
 * data directory) and waits until it holds the store.
 */
export async function holder(fixture: string, dataDir: string, command = 'exec "$0" "$1" "$2"'): Promise<Holder> {
  const shell = spawn('sh', ['-c', command, process.execPath, fixture, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(shell);
  return new Promise<Holder>((resolve, reject) => {
    shell.stdout!.on('data', (chunk: Buffer) => {
      const held = /held (\d+) ?(\S*)/.exec(chunk.toString());
      if (held) resolve({ pid: Number(held[1]), detail: held[2] ?? '', shell });
    });
    shell.on('exit', (code) => reject(new Error(`the holder exited early with ${code}`)));
  });
}

/** Runs the fixture under a `sleep` that never reaps it, so once killed it stays a zombie. */
export const unreapedHolder = (fixture: string, dataDir: string) => holder(fixture, dataDir, '"$0" "$1" "$2" & exec sleep 120');

/**
 * Kills a holder started by `unreapedHolder` with SIGKILL and waits until it is a zombie (a zombie
 * still answers kill(pid, 0)). Node runs several threads: the main one shows Z as soon as it has
 * exited, while the others may still be closing the process's files, so it waits for them too
 * (gone from /proc/<pid>/task), as a parent's wait() does.
 */
export async function killToZombie(pid: number): Promise<void> {
  process.kill(pid, 'SIGKILL');
  for (let i = 0; processState(pid) !== 'Z' || threads(pid) > 1; i += 1) {
    if (i > 500) throw new Error(`the holder did not become a zombie: ${processState(pid)}, ${threads(pid)} threads`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** How many threads /proc/<pid>/task still lists. */
function threads(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/task`).length;
  } catch {
    return 0;
  }
}

/** Kills a holder and waits until it has exited (and been reaped). */
export function killHolder({ shell }: Holder): Promise<void> {
  const exited = new Promise<void>((resolve) => shell.once('exit', () => resolve()));
  shell.kill('SIGKILL');
  return exited;
}

/** The state letter of /proc/<pid>/stat (R, S, Z, ...), or undefined once the process is gone. */
function processState(pid: number): string | undefined {
  try {
    return /\) (\w)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}
