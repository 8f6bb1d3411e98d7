// The short memory of offline sessions in front of the session storage.
import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { describe, expect, it } from "vitest";
import { CachedSessionStorage } from "~/shopify/session-cache.server";

function memoryStorage() {
  const sessions = new Map<string, Session>();
  let loads = 0;
  // When set, a load waits for the test to let it finish (to observe what happens while a read is in progress).
  let gate: Promise<void> | null = null;
  const storage: SessionStorage = {
    storeSession: async (session) => {
      sessions.set(session.id, session);
      return true;
    },
    loadSession: async (id) => {
      loads++;
      const value = sessions.get(id);
      if (gate) await gate;
      return value;
    },
    deleteSession: async (id) => sessions.delete(id),
    deleteSessions: async (ids) => ids.every((id) => sessions.delete(id)),
    findSessionsByShop: async (shop) => [...sessions.values()].filter((session) => session.shop === shop),
  };
  return {
    storage,
    sessions,
    loads: () => loads,
    /** Holds every load started from now on until the returned function is called. */
    hold() {
      let release!: () => void;
      gate = new Promise((resolve) => (release = resolve));
      return () => {
        gate = null;
        release();
      };
    },
  };
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

  it("answers an ageing entry at once while one background read refreshes it", async () => {
    const inner = memoryStorage();
    let now = 0;
    const cached = new CachedSessionStorage(inner.storage, { ttlMs: 1_000, refreshAfterMs: 600, now: () => now });
    inner.sessions.set("offline_a.myshopify.com", offline("t1"));
    await cached.loadSession("offline_a.myshopify.com");
    inner.sessions.set("offline_a.myshopify.com", offline("t2"));
    now = 700;
    const release = inner.hold();
    // Ten deliveries while the refresh is in progress: all answered from memory, one read in all.
    for (let i = 0; i < 10; i++) expect((await cached.loadSession("offline_a.myshopify.com"))?.accessToken).toBe("t1");
    expect(inner.loads()).toBe(2);
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect((await cached.loadSession("offline_a.myshopify.com"))?.accessToken).toBe("t2");
    expect(inner.loads()).toBe(2);
  });

  it("makes callers that find no usable entry share one read", async () => {
    const inner = memoryStorage();
    inner.sessions.set("offline_a.myshopify.com", offline("t1"));
    const cached = new CachedSessionStorage(inner.storage, { ttlMs: 1_000 });
    const release = inner.hold();
    const waiting = Array.from({ length: 20 }, () => cached.loadSession("offline_a.myshopify.com"));
    release();
    const sessions = await Promise.all(waiting);
    expect(sessions.map((session) => session?.accessToken)).toEqual(Array(20).fill("t1"));
    expect(inner.loads()).toBe(1);
  });

  it("does not remember a read that overlapped a write through it", async () => {
    const inner = memoryStorage();
    inner.sessions.set("offline_a.myshopify.com", offline("old"));
    const cached = new CachedSessionStorage(inner.storage, { ttlMs: 60_000 });
    const release = inner.hold();
    const overlapping = cached.loadSession("offline_a.myshopify.com");
    await cached.storeSession(offline("new"));
    release();
    expect((await overlapping)?.accessToken).toBe("old"); // it started before the write
    expect((await cached.loadSession("offline_a.myshopify.com"))?.accessToken).toBe("new");
  });

  it("always reads online sessions", async () => {
    const inner = memoryStorage();
    const cached = new CachedSessionStorage(inner.storage);
    await cached.loadSession("a.myshopify.com_42");
    await cached.loadSession("a.myshopify.com_42");
    expect(inner.loads()).toBe(2);
  });
});
