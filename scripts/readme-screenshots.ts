// `npm run readme:screenshots`: refreshes the screenshots at the top of the README from the e2e demo spec. Builds
// the app, runs the two tests of tests/e2e/demo.spec.ts that open Home and the deferred orders list on the seeded
// demo shop (the seed `npm run local` runs: offers made by the app, balances charged by its engine), and copies
// their screenshots (test artifacts `demo-home.png`, `demo-orders.png`) to docs/screenshots/. Needs what the e2e
// tests need (Debian's Chromium). `--no-build` reuses the current build.
import { spawnSync } from "node:child_process";
import { copyFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const SHOTS = ["home", "orders"] as const;
const RESULTS = "test-results";
const TARGET = path.join("docs", "screenshots");

function run(command: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, TZ: "UTC", ...env } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status})`);
}

/** Every file named `name` below `dir`, newest first. */
function find(dir: string, name: string): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === name) found.push(full);
    }
  };
  walk(dir);
  return found.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
}

const started = Date.now();
if (!process.argv.includes("--no-build")) run("npm", ["run", "build"]);
const grep = `every page of the app opens on the demo shop: (${SHOTS.join("|")})$`;
run("npx", ["playwright", "test", "tests/e2e/demo.spec.ts", "--grep", grep]);
for (const shot of SHOTS) {
  const [latest] = find(RESULTS, `demo-${shot}.png`);
  if (!latest || statSync(latest).mtimeMs < started) throw new Error(`The run wrote no demo-${shot}.png`);
  copyFileSync(latest, path.join(TARGET, `${shot}.png`));
  console.warn(`${latest} -> ${path.join(TARGET, `${shot}.png`)}`);
}
