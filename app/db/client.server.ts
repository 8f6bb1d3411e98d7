// The app's Prisma client: SQLite by default, PostgreSQL when DATABASE_URL is a postgres:// URL.
import { createRequire } from "node:module";
import { PrismaClient } from "@prisma/client";
import { databaseConfig, type DatabaseConfig } from "./database-url";
import { createDriverAdapter } from "./adapter.server";

export type Database = PrismaClient;

/**
 * Each provider needs its own generated client (the query compiler is provider-specific).
 * Both are generated from the same models, so the SQLite client's types describe either.
 */
export function createDatabase(db: DatabaseConfig = databaseConfig()): Database {
  const adapter = createDriverAdapter(db);
  let client: Database;
  if (db.provider === "postgresql") {
    const require = createRequire(import.meta.url);
    const { PrismaClient: PostgresClient } = require(".prisma/client-postgresql") as {
      PrismaClient: new (options: { adapter: typeof adapter }) => unknown;
    };
    client = new PostgresClient({ adapter }) as Database;
  } else {
    client = new PrismaClient({ adapter });
  }
  configs.set(client, db);
  return client;
}

const configs = new WeakMap<Database, DatabaseConfig>();

/** The database a client made by `createDatabase` talks to (undefined for another client, e.g. a test's proxy). */
export function databaseConfigOf(db: Database): DatabaseConfig | undefined {
  return configs.get(db);
}

/** Which SQL dialect a client speaks, for the few statements written by hand (placeholders differ). */
export function providerOf(db: Database): DatabaseConfig["provider"] {
  const provider = configs.get(db)?.provider ?? (Reflect.get(db, "_activeProvider") as unknown);
  // (A wrapped client, e.g. a test's proxy, is not in the map; Prisma's client names its provider itself.)
  if (provider !== "sqlite" && provider !== "postgresql") throw new Error("Unknown database provider");
  return provider;
}

declare global {
  // Survives Vite's module reloads in development, so we keep one connection pool.
  var __deferredDb: Database | undefined;
}

const prisma: Database = globalThis.__deferredDb ?? createDatabase();
if (process.env.NODE_ENV !== "production") globalThis.__deferredDb = prisma;

export default prisma;
