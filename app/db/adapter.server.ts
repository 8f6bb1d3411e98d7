// Builds the Prisma driver adapter for the configured database; shared by the app and the Prisma CLI config.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { DatabaseConfig } from "./database-url";

export function createDriverAdapter(db: DatabaseConfig) {
  if (db.provider === "postgresql") {
    const url = new URL(db.url);
    // `schema` is Prisma's URL convention, not libpq's: strip it and set search_path instead,
    // so migrations and queries both land in that schema.
    url.searchParams.delete("schema");
    return new PrismaPg(
      {
        connectionString: url.toString(),
        ...(db.schema ? { options: `-c search_path="${db.schema.replace(/"/g, "")}"` } : {}),
      },
      db.schema ? { schema: db.schema } : undefined,
    );
  }
  return new PrismaBetterSQLite3({ url: db.url });
}
