// The short memory of offline sessions in front of the session storage.
import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { describe, expect, it } from "vitest";
import { CachedSessionStorage } from "~/shopify/session-cache.server";

function memoryStorage() {
  const sessions = new Map<string, Session>();
  let loads = 0;
  const storage: SessionStorage = {
    storeSession: async (session) => {
      sessions.set(session.id, session);
      return true;
    },
    loadSession: async (id) => {
      loads++;
      return sessions.get(id);
    },
    deleteSession: async (id) => sessions.delete(id),
    deleteSessions: async (ids) => ids.every((id) => sessions.delete(id)),
    findSessionsByShop: async (shop) => [...sessions.values()].filter((session) => session.shop === shop),
  };
  return { storage, sessions, loads: () => loads };
}

const offline = (token: string) =>
  new Session({
    id: "offline_a.myshopify.com",
    shop: "a.myshopify.com",
    state: "",
    isOnline: false,
    accessToken: token,
  });

describe("CachedSessionStorage", () => {
  it("reads an offline session once within its time to live, and again after", async () => {
    const inner = memoryStorage();
    let now = 0;
    const cached = new CachedSessionStorage(inner.storage, { ttlMs: 1_000, now: () => now });
    inner.sessions.set("offline_a.myshopify.com", offline("t1"));
    for (let i = 0; i < 5; i++) expect((await cached.loadSession("offline_a.myshopify.com"))?.accessToken).toBe("t1");
    expect(inner.loads()).toBe(1);
    // Changed behind its back (another process): seen once the entry expires.
    inner.sessions.set("offline_a.myshopify.com", offline("t2"));
    now = 1_001;
    expect((await cached.loadSession("offline_a.myshopify.com"))?.accessToken).toBe("t2");
    expect(inner.loads()).toBe(2);
  });

  it("remembers that a shop has no session, and forgets on a write or delete through it", async () => {
    const inner = memoryStorage();
    const cached = new CachedSessionStorage(inner.storage, { ttlMs: 60_000 });
    expect(await cached.loadSession("offline_a.myshopify.com")).toBeUndefined();
    expect(await cached.loadSession("offline_a.myshopify.com")).toBeUndefined();
    expect(inner.loads()).toBe(1);
    await cached.storeSession(offline("t3"));
    expect((await cached.loadSession("offline_a.myshopify.com"))?.accessToken).toBe("t3");
    await cached.deleteSession("offline_a.myshopify.com");
    expect(await cached.loadSession("offline_a.myshopify.com")).toBeUndefined();
    await cached.storeSession(offline("t4"));
    await cached.loadSession("offline_a.myshopify.com");
    await cached.deleteSessions(["offline_a.myshopify.com"]);
    expect(await cached.loadSession("offline_a.myshopify.com")).toBeUndefined();
  });

  it("always reads online sessions", async () => {
    const inner = memoryStorage();
    const cached = new CachedSessionStorage(inner.storage);
    await cached.loadSession("a.myshopify.com_42");
    await cached.loadSession("a.myshopify.com_42");
    expect(inner.loads()).toBe(2);
  });
});
