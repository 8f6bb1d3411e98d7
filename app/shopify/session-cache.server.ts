// Session storage with a short in-process memory of offline sessions. `authenticate.webhook` loads the shop's
// offline session for every delivery; at Shopify's webhook rates that read was the largest cost of acknowledging
// one. Writes and deletes through the storage forget the entry at once; a change made elsewhere (another process,
// the uninstall handler's direct delete) is seen within `ttlMs`. Background work never uses this: it reads the
// session from the database (app/services/admin-access.server.ts), so a revoked token is never used from here.
//
// Under load the memory never goes cold: an entry older than `refreshAfterMs` is still answered while one read
// refreshes it in the background, and callers that find no usable entry share one read. (Without this, every
// delivery arriving while an expired entry was being read again issued its own read: a burst of queries every
// few seconds per shop, which held acknowledgements up for hundreds of milliseconds in the intake benchmark.)
import type { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";

interface Entry {
  session: Session | undefined;
  readAt: number;
}

export interface SessionCacheOptions {
  /** The oldest an answered entry may be (default 5 s): a change made elsewhere is seen within this. */
  ttlMs?: number;
  /** From this age on, an entry is answered and refreshed in the background (default 60 % of `ttlMs`). */
  refreshAfterMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export class CachedSessionStorage implements SessionStorage {
  private readonly entries = new Map<string, Entry>();
  /** Reads in progress, one per id, shared by every caller that waits for it. */
  private readonly reads = new Map<string, Promise<Session | undefined>>();
  /** Bumped by every write or delete through this storage: a read that started before it is not remembered. */
  private readonly generations = new Map<string, number>();

  constructor(
    private readonly inner: SessionStorage,
    private readonly options: SessionCacheOptions = {},
  ) {}

  private now() {
    return (this.options.now ?? Date.now)();
  }

  private get ttlMs() {
    return this.options.ttlMs ?? 5_000;
  }

  async loadSession(id: string): Promise<Session | undefined> {
    // Online (per staff member) sessions are read each time: they are few and short-lived.
    if (!id.startsWith("offline_")) return this.inner.loadSession(id);
    const entry = this.entries.get(id);
    const age = entry ? this.now() - entry.readAt : Infinity;
    if (entry && age < this.ttlMs) {
      if (age >= (this.options.refreshAfterMs ?? this.ttlMs * 0.6)) {
        // A failed refresh leaves the entry as it is; the caller that finds it expired reads (and sees the error).
        this.read(id).catch(() => undefined);
      }
      return entry.session;
    }
    return this.read(id);
  }

  private read(id: string): Promise<Session | undefined> {
    const running = this.reads.get(id);
    if (running) return running;
    const generation = this.generations.get(id) ?? 0;
    const readAt = this.now();
    const read = this.inner
      .loadSession(id)
      .then((session) => {
        if ((this.generations.get(id) ?? 0) === generation) {
          if (!this.entries.has(id) && this.entries.size >= (this.options.maxEntries ?? 10_000)) this.entries.clear();
          this.entries.set(id, { session, readAt });
        }
        return session;
      })
      .finally(() => {
        if (this.reads.get(id) === read) this.reads.delete(id);
      });
    this.reads.set(id, read);
    return read;
  }

  private forget(id: string) {
    this.entries.delete(id);
    this.reads.delete(id);
    this.generations.set(id, (this.generations.get(id) ?? 0) + 1);
  }

  /** Forgets the ids before and after the write, so a read that overlapped it is not remembered either. */
  private async writing<T>(ids: string[], write: () => Promise<T>): Promise<T> {
    for (const id of ids) this.forget(id);
    try {
      return await write();
    } finally {
      for (const id of ids) this.forget(id);
    }
  }

  storeSession(session: Session): Promise<boolean> {
    return this.writing([session.id], () => this.inner.storeSession(session));
  }

  deleteSession(id: string): Promise<boolean> {
    return this.writing([id], () => this.inner.deleteSession(id));
  }

  deleteSessions(ids: string[]): Promise<boolean> {
    return this.writing(ids, () => this.inner.deleteSessions(ids));
  }

  findSessionsByShop(shop: string): Promise<Session[]> {
    return this.inner.findSessionsByShop(shop);
  }
}
