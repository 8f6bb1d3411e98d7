// Holds on Admin API operations: the next N requests of a named operation for a shop wait (before anything runs, or
// after it ran with only the answer held back) until a control call releases them or `ms` real milliseconds pass.
// For tests that must stop a request at an exact point of a race.

export type HoldPhase = "before" | "after";

export interface HoldSpec {
  /** The GraphQL operation name (e.g. "ChargeOrder"). */
  operation: string;
  /** `before` (default): the request waits before anything runs; `after`: it runs fully and its answer waits. */
  phase?: HoldPhase;
  /** Real milliseconds a parked request waits; without it, until released. */
  ms?: number | null;
  /** How many requests it parks (default 1). */
  count?: number;
}

/** A hold as the control API shows it. */
export interface HoldJson {
  id: number;
  operation: string;
  phase: HoldPhase;
  ms: number | null;
  /** Requests it will still park. */
  remaining: number;
  /** Requests parked by it now. */
  waiting: number;
}

/** How a parked request was let go: released by a control call or reset, its `ms` elapsed, or the simulator stopped. */
export type HoldExit = "released" | "expired" | "stopped";

interface Parked {
  done: (exit: HoldExit) => void;
  timer: ReturnType<typeof setTimeout> | null;
}

interface Hold {
  id: number;
  shop: string;
  operation: string;
  phase: HoldPhase;
  ms: number | null;
  remaining: number;
  parked: Set<Parked>;
}

export class HoldBook {
  private holds: Hold[] = [];
  private nextId = 1;

  add(shop: string, spec: HoldSpec): HoldJson {
    const hold: Hold = {
      id: this.nextId++,
      shop,
      operation: spec.operation,
      phase: spec.phase ?? "before",
      ms: spec.ms ?? null,
      remaining: spec.count ?? 1,
      parked: new Set(),
    };
    this.holds.push(hold);
    return json(hold);
  }

  /** Holds still parking requests or with requests parked. */
  list(shop: string): HoldJson[] {
    return this.holds.filter((h) => h.shop === shop && live(h)).map(json);
  }

  /** Whether a shop has any hold (a cheap check before the request's operation name is needed). */
  has(shop: string): boolean {
    return this.holds.some((h) => h.shop === shop && live(h));
  }

  /**
   * Parks a request of `operation` at `phase` if a hold applies (consuming one of its `count`): a promise of how it
   * was let go; null when no hold applies (the request goes on at once).
   */
  park(shop: string, operation: string | null, phase: HoldPhase): Promise<HoldExit> | null {
    if (operation === null) return null;
    const hold = this.holds.find(
      (h) => h.shop === shop && h.operation === operation && h.phase === phase && h.remaining > 0,
    );
    if (!hold) return null;
    hold.remaining--;
    return new Promise<HoldExit>((resolve) => {
      const entry: Parked = {
        timer: null,
        done: (exit) => {
          if (entry.timer) clearTimeout(entry.timer);
          hold.parked.delete(entry);
          this.prune();
          resolve(exit);
        },
      };
      if (hold.ms !== null) {
        entry.timer = setTimeout(() => entry.done("expired"), hold.ms);
        entry.timer.unref();
      }
      hold.parked.add(entry);
    });
  }

  /** Releases every request parked by the hold and ends it; null for an unknown hold. */
  release(shop: string, id: number): HoldJson | null {
    const hold = this.holds.find((h) => h.shop === shop && h.id === id);
    if (!hold) return null;
    hold.remaining = 0;
    for (const p of [...hold.parked]) p.done("released");
    this.prune();
    return json(hold);
  }

  /** Releases everything parked for a shop (every shop when absent) and forgets its holds; how many were released. */
  clear(shop?: string, exit: HoldExit = "released"): number {
    let n = 0;
    for (const h of this.holds) {
      if (shop !== undefined && h.shop !== shop) continue;
      h.remaining = 0;
      for (const p of [...h.parked]) {
        p.done(exit);
        n++;
      }
    }
    this.holds = shop === undefined ? [] : this.holds.filter((h) => h.shop !== shop);
    return n;
  }

  private prune(): void {
    this.holds = this.holds.filter(live);
  }
}

function live(h: Hold): boolean {
  return h.remaining > 0 || h.parked.size > 0;
}

function json(h: Hold): HoldJson {
  return {
    id: h.id,
    operation: h.operation,
    phase: h.phase,
    ms: h.ms,
    remaining: h.remaining,
    waiting: h.parked.size,
  };
}
