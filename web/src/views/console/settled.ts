// Items a person has just acted on (packed, delivered, decided). The saga moves their status a
// moment later, so a list reloaded in between would show them again: they stay hidden for a while.
export class SettledIds {
  private readonly until = new Map<string, number>();
  private readonly ms: number;
  constructor(ms = 120_000) {
    this.ms = ms;
  }
  add(id: string): void {
    this.until.set(id, Date.now() + this.ms);
  }
  has(id: string): boolean {
    const until = this.until.get(id);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.until.delete(id);
    return false;
  }
}
