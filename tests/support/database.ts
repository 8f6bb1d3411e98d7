// Fresh, migrated databases for integration tests: a temp SQLite file, or a new PostgreSQL schema.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { createDatabase, type Database as AppDatabase } from "~/db/client.server";
import type { DatabaseProvider } from "~/db/database-url";

export const PROVIDERS: DatabaseProvider[] = ["sqlite", "postgresql"];

/** The PostgreSQL server the tests use; every project machine (and CI) runs one here. */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export interface TestDatabase {
  provider: DatabaseProvider;
  url: string;
  db: AppDatabase;
  drop(): Promise<void>;
}

function migrationSql(provider: DatabaseProvider): string[] {
  const prismaDir = fileURLToPath(new URL("../../prisma", import.meta.url));
  const dir = path.join(prismaDir, provider === "postgresql" ? "postgresql/migrations" : "migrations");
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

/** A new empty SQLite file path (not migrated) in a temp dir. */
export function tempSqliteUrl(): { url: string; file: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), "dpo-test-"));
  const file = path.join(dir, "test.sqlite");
  return { url: `file:${file}`, file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function createPostgresSchema(): Promise<{ url: string; schema: string; drop(): Promise<void> }> {
  const schema = uniqueName("t");
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${TEST_POSTGRES_URL} (${(error as Error).message}). ` +
        "Start one (README, 'PostgreSQL') or point TEST_POSTGRES_URL at yours.",
    );
  }
  await client.query(`CREATE SCHEMA "${schema}"`);
  await client.end();
  const url = new URL(TEST_POSTGRES_URL);
  url.searchParams.set("schema", schema);
  return {
    url: url.toString(),
    schema,
    drop: async () => {
      const dropper = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await dropper.connect();
      await dropper.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await dropper.end();
    },
  };
}

/** A migrated database of the given kind; the migration files are applied as `migrate deploy` would. */
export async function createTestDatabase(provider: DatabaseProvider): Promise<TestDatabase> {
  if (provider === "sqlite") {
    const temp = tempSqliteUrl();
    const raw = new Database(temp.file);
    for (const sql of migrationSql("sqlite")) raw.exec(sql);
    raw.close();
    const db = createDatabase({ provider, url: temp.url });
    return {
      provider,
      url: temp.url,
      db,
      drop: async () => {
        await db.$disconnect();
        temp.cleanup();
      },
    };
  }
  const target = await createPostgresSchema();
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  await client.query(`SET search_path TO "${target.schema}"`);
  for (const sql of migrationSql("postgresql")) await client.query(sql);
  await client.end();
  const db = createDatabase({ provider, url: target.url, schema: target.schema });
  return {
    provider,
    url: target.url,
    db,
    drop: async () => {
      await db.$disconnect();
      await target.drop();
    },
  };
}
