// The checks `shopify app deploy` runs on a theme app extension: Shopify's theme checks and the CLI's file rules.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { parse as parseToml } from "smol-toml";
import { afterAll, describe, expect, it } from "vitest";
import { EXTENSION_ROOT } from "../support/liquid";

// The checker downloads Shopify's latest Liquid docs unless pointed at a local copy; its package ships one.
const require = createRequire(import.meta.url);
process.env.SHOPIFY_TLD_ROOT ??= join(
  dirname(require.resolve("@shopify/theme-check-docs-updater/package.json")),
  "data",
);
const { themeCheckRun } = await import("@shopify/theme-check-node");

const SEVERITY = ["error", "warning", "info"] as const;

async function offenses(root: string) {
  const run = await themeCheckRun(root, undefined, () => {});
  return run.offenses.map((offense) => ({
    check: offense.check,
    severity: SEVERITY[offense.severity] ?? String(offense.severity),
    file: relative(root, new URL(offense.uri).pathname),
    line: offense.start.line + 1,
    message: offense.message,
  }));
}

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe("theme check", () => {
  it("reports nothing for the extension (app extension rules, which include the recommended theme rules)", async () => {
    expect(readFileSync(join(EXTENSION_ROOT, ".theme-check.yml"), "utf8")).toMatch(
      /extends: theme-check:theme-app-extension/,
    );
    expect(await offenses(EXTENSION_ROOT)).toEqual([]);
  }, 60_000);

  it("does catch mistakes: an unknown filter, a missing translation and an oversized script", async () => {
    const copy = mkdtempSync(join(tmpdir(), "dpo-theme-check-"));
    scratch.push(copy);
    cpSync(EXTENSION_ROOT, copy, { recursive: true });
    const snippet = join(copy, "snippets", "dpo-pay-line.liquid");
    writeFileSync(snippet, readFileSync(snippet, "utf8") + "{{ 'purchase_options.not_there' | t | shout }}\n");
    writeFileSync(join(copy, "assets", "purchase-options.js"), `/* ${"x".repeat(12_000)} */`);
    const found = (await offenses(copy))
      .filter((offense) => offense.severity === "error")
      .map((offense) => offense.check);
    expect(found).toEqual(
      expect.arrayContaining(["UnknownFilter", "TranslationKeyExists", "AssetSizeAppBlockJavaScript"]),
    );
  }, 60_000);
});

describe("asset budget", () => {
  it("keeps the block's script small as served (gzip) and without third-party requests", () => {
    for (const file of ["purchase-options.js", "badges.js"]) {
      const source = readFileSync(join(EXTENSION_ROOT, "assets", file));
      expect(gzipSync(source).length, file).toBeLessThan(3 * 1024);
      expect(source.toString(), file).not.toMatch(/https?:\/\/|fetch\(|XMLHttpRequest|import\(/);
    }
  });
});

/**
 * The Shopify CLI's pre-deploy rules for theme app extensions (packages/app/src/cli/models/extensions/specifications/
 * theme.ts): every file one directory deep must sit in assets/blocks/locales/snippets with an allowed extension,
 * Liquid totals at most 500 kB, the bundle at most 10 MB. Files deeper than that (this test suite) are not bundled.
 */
describe("shopify app deploy file rules", () => {
  const allowed: Record<string, RegExp> = {
    assets: /\.(jpg|jpeg|json|js|css|png|svg|wasm)$/,
    blocks: /\.liquid$/,
    locales: /\.json$/,
    snippets: /\.liquid$/,
  };

  it("keeps every bundled file in a supported directory, within the size limits", () => {
    const bundled = readdirSync(EXTENSION_ROOT)
      .filter((entry) => statSync(join(EXTENSION_ROOT, entry)).isDirectory())
      .flatMap((dir) =>
        readdirSync(join(EXTENSION_ROOT, dir))
          .filter((file) => statSync(join(EXTENSION_ROOT, dir, file)).isFile())
          .map((file) => ({ dir, file, bytes: statSync(join(EXTENSION_ROOT, dir, file)).size })),
      );
    const misplaced = bundled
      .filter(({ dir, file }) => !allowed[dir]?.test(file))
      .map(({ dir, file }) => `${dir}/${file}`);
    expect(misplaced).toEqual([]);
    const liquidBytes = bundled
      .filter(({ dir }) => dir === "blocks" || dir === "snippets")
      .reduce((n, f) => n + f.bytes, 0);
    expect(liquidBytes).toBeLessThan(500 * 1024);
    expect(bundled.reduce((n, f) => n + f.bytes, 0)).toBeLessThan(10 * 1024 * 1024);
  });

  it("is declared as a theme extension", () => {
    const config = parseToml(readFileSync(join(EXTENSION_ROOT, "shopify.extension.toml"), "utf8"));
    expect(config).toMatchObject({ type: "theme", name: expect.any(String) });
  });
});
