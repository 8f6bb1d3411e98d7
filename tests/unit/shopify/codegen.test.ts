// Committed operation types (app/types/admin.*.d.ts) must be what codegen makes from today's documents and schema.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));

describe("generated Admin API types", () => {
  it("are up to date (run `npm run graphql-codegen` after changing a document)", () => {
    const run = spawnSync(`${root}node_modules/.bin/graphql-codegen`, ["--check"], {
      cwd: root,
      encoding: "utf8",
      timeout: 120_000,
    });
    // --check exits 1 and lists the stale files when a committed file differs from a fresh generation.
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  }, 120_000);
});
