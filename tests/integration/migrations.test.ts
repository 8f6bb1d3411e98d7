// Both migration sets, applied by the real Prisma CLI, must produce the same tables, columns and indexes.
import { execFileSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import pg from "pg";
import { readFileSync } from "node:fs";
import { createPostgresSchema, tempSqliteUrl, TEST_POSTGRES_URL } from "../support/database";
import { postgresSchemaFrom } from "../../prisma/sync-postgres-schema";

interface Column {
  name: string;
  nullable: boolean;
  type: string;
}
type Shape = Record<string, { columns: Column[]; uniques: string[][] }>;

/** Logical column types, so SQLite's TEXT and PostgreSQL's TEXT/TIMESTAMP(3) compare as the same model field. */
function logicalType(raw: string): string {
  const type = raw.toUpperCase();
  if (type.startsWith("TIMESTAMP") || type === "DATETIME") return "datetime";
  if (type === "BIGINT") return "bigint";
  if (type === "INTEGER") return "int";
  if (type === "BOOLEAN") return "boolean";
  if (type.startsWith("DECIMAL")) return "decimal";
  if (type === "DOUBLE PRECISION" || type === "REAL") return "float";
  return "text";
}

function migrateDeploy(databaseUrl: string) {
  execFileSync(process.execPath, ["prisma/cli.mjs", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: "pipe",
  });
}

function sqliteShape(file: string): Shape {
  const db = new Database(file, { readonly: true });
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'",
    )
    .all() as { name: string }[];
  const shape: Shape = {};
  for (const { name } of tables) {
    const columns = (
      db.prepare(`PRAGMA table_info("${name}")`).all() as { name: string; type: string; notnull: number; pk: number }[]
    ).map((c) => ({ name: c.name, nullable: c.notnull === 0 && c.pk === 0, type: logicalType(c.type) }));
    const uniques = (
      db.prepare(`PRAGMA index_list("${name}")`).all() as { name: string; unique: number; origin: string }[]
    )
      .filter((index) => index.unique === 1 && index.origin !== "pk")
      .map((index) =>
        (db.prepare(`PRAGMA index_info("${index.name}")`).all() as { name: string }[]).map((c) => c.name),
      );
    shape[name] = { columns: columns.sort((a, b) => a.name.localeCompare(b.name)), uniques: uniques.sort() };
  }
  db.close();
  return shape;
}

async function postgresShape(schema: string): Promise<Shape> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  const columns = await client.query<{
    table_name: string;
    column_name: string;
    is_nullable: string;
    data_type: string;
  }>(
    `SELECT table_name, column_name, is_nullable, data_type FROM information_schema.columns
     WHERE table_schema = $1 AND table_name <> '_prisma_migrations'`,
    [schema],
  );
  const uniques = await client.query<{ table: string; columns: string[] }>(
    `SELECT t.relname AS table, array_agg(a.attname::text ORDER BY array_position(ix.indkey, a.attnum)) AS columns
     FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(ix.indkey)
     WHERE n.nspname = $1 AND ix.indisunique AND NOT ix.indisprimary AND t.relname <> '_prisma_migrations'
     GROUP BY t.relname, i.relname`,
    [schema],
  );
  await client.end();
  const shape: Shape = {};
  for (const row of columns.rows) {
    shape[row.table_name] ??= { columns: [], uniques: [] };
    shape[row.table_name].columns.push({
      name: row.column_name,
      nullable: row.is_nullable === "YES",
      type: logicalType(row.data_type),
    });
  }
  for (const row of uniques.rows) shape[row.table].uniques.push(row.columns);
  for (const table of Object.values(shape)) {
    table.columns.sort((a, b) => a.name.localeCompare(b.name));
    table.uniques.sort();
  }
  return shape;
}

describe("migrations", () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it("the PostgreSQL schema is generated from the one source of models", () => {
    const source = readFileSync("prisma/schema.prisma", "utf8");
    expect(readFileSync("prisma/postgresql/schema.prisma", "utf8")).toBe(postgresSchemaFrom(source));
  });

  it("SQLite and PostgreSQL migrations, applied by `prisma migrate deploy`, produce the same tables", async () => {
    const sqlite = tempSqliteUrl();
    cleanups.push(sqlite.cleanup);
    migrateDeploy(sqlite.url);

    const postgres = await createPostgresSchema();
    cleanups.push(postgres.drop);
    migrateDeploy(postgres.url);

    const fromSqlite = sqliteShape(sqlite.file);
    const fromPostgres = await postgresShape(postgres.schema);
    expect(Object.keys(fromSqlite).sort()).toEqual(expect.arrayContaining(["Session", "Shop", "WebhookEvent"]));
    expect(fromPostgres).toEqual(fromSqlite);
  });
});
