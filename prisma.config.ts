// Prisma CLI configuration: the JavaScript schema engine with driver adapters, so generate and
// migrate deploy work offline (see docs/decisions/0001-prisma-6-offline.md).
import { defineConfig } from "prisma/config";
import { databaseConfig, prismaSchemaPath } from "./app/db/database-url";
import { createDriverAdapter } from "./app/db/adapter.server";

const db = databaseConfig(process.env.DATABASE_URL);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: prismaSchemaPath(db.provider),
  adapter: async () => createDriverAdapter(db),
});
