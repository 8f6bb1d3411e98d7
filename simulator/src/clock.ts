// The simulator's clock: real time plus an offset that control calls set or advance, optionally frozen.

export class SimClock {
  private offsetMs = 0;
  private frozenAt: number | null = null;

  constructor(private readonly realNow: () => number = Date.now) {}

  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    return this.frozenAt ?? this.realNow() + this.offsetMs;
  }

  /** Jumps to an instant; keeps running (or frozen) as before. */
  set(at: Date): void {
    if (this.frozenAt !== null) this.frozenAt = at.getTime();
    else this.offsetMs = at.getTime() - this.realNow();
  }

  advance(ms: number): void {
    if (ms < 0) throw new Error("The clock cannot go backwards by advancing; use set");
    this.set(new Date(this.nowMs() + ms));
  }

  freeze(): void {
    this.frozenAt = this.nowMs();
  }

  unfreeze(): void {
    if (this.frozenAt === null) return;
    this.offsetMs = this.frozenAt - this.realNow();
    this.frozenAt = null;
  }

  get frozen(): boolean {
    return this.frozenAt !== null;
  }

  reset(): void {
    this.offsetMs = 0;
    this.frozenAt = null;
  }
}
