// Re-vendors the Admin API schema from Shopify's @shopify/dev-mcp tarball (`npx tsx app/shopify/schema/refresh.ts [--check]`).
// dev-mcp is never installed (it pulls @shopify/cli and more); `npm pack` fetches its tarball alone.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ADMIN_API_VERSION } from "../version";
import { ADMIN_SCHEMA_PATH, parseAdminSchema } from "./load.server";

/** The dev-mcp release the vendored file came from; bump it together with README.md. */
const DEV_MCP_VERSION = "1.16.0";

function parseArgs(argv: string[]): { devMcpVersion: string; check: boolean } {
  const versionFlag = argv.indexOf("--dev-mcp-version");
  return {
    devMcpVersion: versionFlag >= 0 ? (argv[versionFlag + 1] ?? DEV_MCP_VERSION) : DEV_MCP_VERSION,
    check: argv.includes("--check"),
  };
}

function sha256(buf: Buffer): string {
  return createHash("sha256").update(buf).digest("hex");
}

function fetchSchemaFromDevMcp(devMcpVersion: string): Buffer {
  const workDir = mkdtempSync(join(tmpdir(), "dev-mcp-"));
  try {
    const packed = execFileSync(
      "npm",
      ["pack", `@shopify/dev-mcp@${devMcpVersion}`, "--pack-destination", workDir, "--json", "--silent"],
      { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
    );
    const [{ filename }] = JSON.parse(packed) as [{ filename: string }];
    const member = `package/dist/data/admin_${ADMIN_API_VERSION}.json.gz`;
    try {
      execFileSync("tar", ["-xzf", join(workDir, filename), "-C", workDir, member], { stdio: "inherit" });
    } catch {
      throw new Error(`@shopify/dev-mcp@${devMcpVersion} does not ship ${member}; pick a release that has API ${ADMIN_API_VERSION}`);
    }
    return readFileSync(join(workDir, member));
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

function main(): void {
  const { devMcpVersion, check } = parseArgs(process.argv.slice(2));
  const fresh = fetchSchemaFromDevMcp(devMcpVersion);
  // Refuse to vendor anything graphql-js cannot turn into a schema.
  const schema = parseAdminSchema(fresh);
  const summary = `@shopify/dev-mcp@${devMcpVersion} admin_${ADMIN_API_VERSION}.json.gz sha256=${sha256(fresh)} (${fresh.length} bytes, ${Object.keys(schema.getTypeMap()).length} types)`;

  if (check) {
    const current = existsSync(ADMIN_SCHEMA_PATH) ? readFileSync(ADMIN_SCHEMA_PATH) : Buffer.alloc(0);
    if (!current.equals(fresh)) {
      console.error(`Vendored schema differs from ${summary}; current sha256=${sha256(current)}`);
      process.exitCode = 1;
      return;
    }
    console.log(`Vendored schema is up to date: ${summary}`);
    return;
  }
  writeFileSync(ADMIN_SCHEMA_PATH, fresh);
  console.log(`Wrote ${ADMIN_SCHEMA_PATH} from ${summary}`);
}

main();
