// Decides which database the app talks to from DATABASE_URL: SQLite by default, PostgreSQL for postgres:// URLs.

export type DatabaseProvider = "sqlite" | "postgresql";

export interface DatabaseConfig {
  provider: DatabaseProvider;
  /** The connection URL, with defaults applied. */
  url: string;
  /** PostgreSQL schema (search_path) taken from the URL's `schema` parameter, if any. */
  schema?: string;
}

export const DEFAULT_SQLITE_URL = "file:./prisma/dev.sqlite";

export function databaseConfig(rawUrl: string | undefined = process.env.DATABASE_URL): DatabaseConfig {
  const url = rawUrl?.trim() || DEFAULT_SQLITE_URL;
  if (/^postgres(ql)?:\/\//i.test(url)) {
    const schema = new URL(url).searchParams.get("schema") ?? undefined;
    return { provider: "postgresql", url, schema };
  }
  if (url.startsWith("file:")) {
    return { provider: "sqlite", url };
  }
  throw new Error(
    `DATABASE_URL must start with file: (SQLite) or postgres:// / postgresql:// (PostgreSQL); got "${url.split(":")[0]}:..."`,
  );
}

/** Prisma schema file for a provider; prisma/schema.prisma is the source, the PostgreSQL one is generated from it. */
export function prismaSchemaPath(provider: DatabaseProvider): string {
  return provider === "postgresql" ? "prisma/postgresql/schema.prisma" : "prisma/schema.prisma";
}
