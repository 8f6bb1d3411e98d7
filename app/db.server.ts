// The app's Prisma client: SQLite by default, PostgreSQL when DATABASE_URL is a postgres:// URL.
import { createRequire } from "node:module";
import { PrismaClient } from "@prisma/client";
import { databaseConfig, type DatabaseConfig } from "./db/database-url";
import { createDriverAdapter } from "./db/adapter.server";

export type Database = PrismaClient;

/**
 * Each provider needs its own generated client (the query compiler is provider-specific).
 * Both are generated from the same models, so the SQLite client's types describe either.
 */
export function createDatabase(db: DatabaseConfig = databaseConfig()): Database {
  const adapter = createDriverAdapter(db);
  if (db.provider === "postgresql") {
    const require = createRequire(import.meta.url);
    const { PrismaClient: PostgresClient } = require(".prisma/client-postgresql") as {
      PrismaClient: new (options: { adapter: typeof adapter }) => unknown;
    };
    return new PostgresClient({ adapter }) as Database;
  }
  return new PrismaClient({ adapter });
}

declare global {
  // Survives Vite's module reloads in development, so we keep one connection pool.
  var __deferredDb: Database | undefined;
}

const prisma: Database = globalThis.__deferredDb ?? createDatabase();
if (process.env.NODE_ENV !== "production") globalThis.__deferredDb = prisma;

export default prisma;
