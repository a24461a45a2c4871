// Last-writer-wins clocks of a replica (global tables' conflict rule for multi-Region eventual
// consistency: "last writer wins" per item, by write time, https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html).
// One clock per item ever written here, deletes included (a tombstone), so that a write older than
// a delete already applied is discarded, not resurrected. Ties go to the region whose name sorts
// last, so every replica picks the same winner.

export interface WriteClock {
  /** When the write happened in its own region, epoch ms. */
  readonly at: number;
  /** The region the write was made in. */
  readonly region: string;
}

/** Whether `a` is a later write than `b` (an item with no clock is older than any write). */
export function isLater(a: WriteClock, b: WriteClock | undefined): boolean {
  if (b === undefined) return true;
  return a.at > b.at || (a.at === b.at && a.region > b.region);
}

export class ItemClocks {
  private readonly clocks = new Map<string, WriteClock>();

  get(itemKey: string): WriteClock | undefined {
    return this.clocks.get(itemKey);
  }

  set(itemKey: string, clock: WriteClock): void {
    this.clocks.set(itemKey, clock);
  }
}
