// Builds the Prisma driver adapter for the configured database; shared by the app and the Prisma CLI config.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { DatabaseConfig } from "./database-url";

/** node-postgres connection settings for a PostgreSQL config (Prisma's adapter and the app's own pools). */
export function postgresConnection(db: DatabaseConfig): { connectionString: string; options?: string } {
  const url = new URL(db.url);
  // `schema` is Prisma's URL convention, not libpq's: strip it and set search_path instead,
  // so migrations and queries both land in that schema.
  url.searchParams.delete("schema");
  return {
    connectionString: url.toString(),
    ...(db.schema ? { options: `-c search_path="${db.schema.replace(/"/g, "")}"` } : {}),
  };
}

/** SQLite's `synchronous` setting for every connection the app opens (see TunedSQLite below). */
export function sqliteSynchronous(): "FULL" | "NORMAL" {
  return process.env.SQLITE_SYNCHRONOUS === "FULL" ? "FULL" : "NORMAL";
}

export function createDriverAdapter(db: DatabaseConfig) {
  if (db.provider === "postgresql") {
    return new PrismaPg(postgresConnection(db), db.schema ? { schema: db.schema } : undefined);
  }
  return new TunedSQLite({ url: db.url });
}

/**
 * SQLite with write-ahead logging: readers never wait for the writer, and a commit is one append to the log.
 * `synchronous = NORMAL` (the WAL recommendation) syncs at checkpoints rather than on every commit: a crash of
 * the app loses nothing; a power cut may lose the last commits. Set `SQLITE_SYNCHRONOUS=FULL` to sync on
 * every commit (about 2 ms each on a typical disk); PostgreSQL is the choice for production scale.
 * `busy_timeout` lets the web process and the worker share the file.
 */
class TunedSQLite extends PrismaBetterSQLite3 {
  override async connect() {
    const adapter = await super.connect();
    const synchronous = sqliteSynchronous();
    await adapter.executeScript(
      `PRAGMA journal_mode = WAL; PRAGMA synchronous = ${synchronous}; PRAGMA busy_timeout = 5000;`,
    );
    return adapter;
  }
}
