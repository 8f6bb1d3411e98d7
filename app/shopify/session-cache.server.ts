// Session storage with a short in-process memory of offline sessions. `authenticate.webhook` loads the shop's
// offline session for every delivery; at Shopify's webhook rates that read was the largest cost of acknowledging
// one. Writes and deletes through the storage forget the entry at once; a change made elsewhere (another process,
// the uninstall handler's direct delete) is seen within `ttlMs`. Background work never uses this: it reads the
// session from the database (app/shopify/admin.server.ts), so a revoked token is never used from here.
import type { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";

export class CachedSessionStorage implements SessionStorage {
  private readonly entries = new Map<string, { session: Session | undefined; until: number }>();

  constructor(
    private readonly inner: SessionStorage,
    private readonly options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {},
  ) {}

  private now() {
    return (this.options.now ?? Date.now)();
  }

  async loadSession(id: string): Promise<Session | undefined> {
    // Online (per staff member) sessions are read each time: they are few and short-lived.
    if (!id.startsWith("offline_")) return this.inner.loadSession(id);
    const cached = this.entries.get(id);
    if (cached && cached.until > this.now()) return cached.session;
    const session = await this.inner.loadSession(id);
    if (this.entries.size >= (this.options.maxEntries ?? 10_000)) this.entries.clear();
    this.entries.set(id, { session, until: this.now() + (this.options.ttlMs ?? 5_000) });
    return session;
  }

  async storeSession(session: Session): Promise<boolean> {
    this.entries.delete(session.id);
    return this.inner.storeSession(session);
  }

  async deleteSession(id: string): Promise<boolean> {
    this.entries.delete(id);
    return this.inner.deleteSession(id);
  }

  async deleteSessions(ids: string[]): Promise<boolean> {
    for (const id of ids) this.entries.delete(id);
    return this.inner.deleteSessions(ids);
  }

  findSessionsByShop(shop: string): Promise<Session[]> {
    return this.inner.findSessionsByShop(shop);
  }
}
