// The layering of app/ is enforced by `npm run lint` (eslint.config.js): an import that points the wrong way, or a
// database package used outside app/db, fails it. Each case lints a probe file placed in a layer.
import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../..");
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The rule ids `npm run lint` reports for `source` saved as `file` (a path inside app/). */
async function violations(file: string, source: string) {
  const [result] = await eslint.lintText(source, { filePath: path.join(ROOT, file) });
  return result.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

describe("lint: the boundaries between layers", () => {
  it("refuses a rule in the domain that reaches for the database or the Admin API", async () => {
    const found = await violations(
      "app/domain/probe.ts",
      `import prisma from "../db/client.server";\nimport { ADMIN_API_VERSION } from "../shopify/version";\nexport const probe = [prisma, ADMIN_API_VERSION];\n`,
    );
    expect(found).toEqual([
      expect.stringMatching(/^boundaries\/dependencies: .*"domain".*"db"/),
      expect.stringMatching(/^boundaries\/dependencies: .*"domain".*"shopify"/),
    ]);
  });

  it("refuses a route that writes to the database itself instead of through a service", async () => {
    const found = await violations(
      "app/routes/app.probe.tsx",
      `import prisma from "../db/client.server";\nimport { listOffers } from "../services/offers.server";\nexport const probe = [prisma, listOffers];\n`,
    );
    expect(found).toEqual([expect.stringMatching(/^boundaries\/dependencies: .*"routes".*"db"/)]);
  });

  it("refuses a cycle back from the Admin API layer to the composition root, and server code in components", async () => {
    expect(
      await violations(
        "app/shopify/probe.server.ts",
        `import { authenticate } from "../shopify.server";\nexport const probe = authenticate;\n`,
      ),
    ).toEqual([expect.stringMatching(/^boundaries\/dependencies: .*"shopify".*"shell"/)]);
    expect(
      await violations(
        "app/components/Probe.tsx",
        `import { logger } from "../logger.server";\nexport const probe = logger;\n`,
      ),
    ).toEqual([expect.stringMatching(/^boundaries\/dependencies: .*"components".*"infra"/)]);
  });

  it("keeps Prisma and the database drivers inside app/db", async () => {
    const found = await violations(
      "app/services/probe.server.ts",
      `import { Prisma } from "@prisma/client";\nimport pg from "pg";\nexport const probe = [Prisma, pg];\n`,
    );
    expect(found).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*@prisma\/client/),
      expect.stringMatching(/^no-restricted-imports: .*'pg'/),
    ]);
    expect(
      await violations(
        "app/db/probe.server.ts",
        `import { Prisma } from "@prisma/client";\nexport const probe = Prisma;\n`,
      ),
    ).toEqual([]);
  });

  it("lets every layer import inward as the architecture draws it", async () => {
    const allowed: [string, string][] = [
      [
        "app/services/probe.server.ts",
        `import { findJob } from "../db/scheduled-jobs.server";\nimport { backoffDelayMs } from "../domain/retry";\nimport { logger } from "../logger.server";\nexport const probe = [findJob, backoffDelayMs, logger];\n`,
      ],
      [
        "app/scheduler/probe.server.ts",
        `import { webhookJobKind } from "../webhooks/processing.server";\nexport const probe = webhookJobKind;\n`,
      ],
      [
        "app/routes/app.probe.tsx",
        `import { authenticate } from "../shopify.server";\nimport { config } from "../config.server";\nexport const probe = [authenticate, config];\n`,
      ],
    ];
    for (const [file, source] of allowed) expect(await violations(file, source), file).toEqual([]);
  });
});
