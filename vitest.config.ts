// Test runner for unit, integration and simulator tests (Playwright runs tests/e2e separately).
import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

process.env.TZ = "UTC";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: [
      "tests/unit/**/*.test.ts",
      "tests/integration/**/*.test.ts",
      "simulator/tests/**/*.test.ts",
      "extensions/**/*.test.ts",
    ],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    env: { TZ: "UTC" },
    coverage: {
      provider: "v8",
      include: ["app/**/*.{ts,tsx}", "simulator/src/**/*.ts"],
      reporter: ["text-summary", "html"],
    },
  },
});
