// Per-item locks. Every write, every GetItem and every transaction holds the lock of each item it
// touches, taken in key order so two transactions cannot deadlock. A transaction's writes therefore
// never interleave with another write to the same item, while writes to other items run in parallel.

export type Release = () => void;

export class ItemLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async acquire(keys: Iterable<string>): Promise<Release> {
    const ordered = [...new Set(keys)].sort();
    const releases: Release[] = [];
    for (const key of ordered) releases.push(await this.acquireOne(key));
    return () => {
      for (const release of releases.reverse()) release();
    };
  }

  /** Items currently locked or waited for (for tests and diagnostics). */
  get size(): number {
    return this.tails.size;
  }

  private acquireOne(key: string): Promise<Release> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let unlock!: () => void;
    const held = new Promise<void>((resolve) => { unlock = resolve; });
    const tail = previous.then(() => held);
    this.tails.set(key, tail);
    return previous.then(() => () => {
      unlock();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
  }
}
