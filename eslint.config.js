// Lint rules: typescript-eslint's recommended set, React and hooks rules, no unused code.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import boundaries from "eslint-plugin-boundaries";

/**
 * The layers of app/ and the only directions their imports may point (docs/decisions/0008-scheduled-work.md):
 * rules inward, doors outward. A file may always import its own layer.
 */
const LAYERS = {
  // Pure rules: nothing but other rules.
  domain: [],
  // The process's configuration and logger, which every layer may use.
  infra: [],
  // The database: its records and the rules they hold.
  db: ["domain", "infra"],
  // Types generated from the Admin API schema (graphql-codegen): for the gateway alone.
  types: [],
  // The Admin API: documents, the client, and the reads it maps to rules' inputs.
  shopify: ["domain", "types", "infra"],
  // Use cases joining rules, the Admin API and the database.
  services: ["domain", "db", "shopify", "infra"],
  // The local simulator's seams (off in production).
  local: ["domain", "db", "shopify", "services", "infra"],
  // Doors: webhook topics, scheduled work, pages.
  webhooks: ["services", "domain", "db", "shopify", "infra"],
  scheduler: ["webhooks", "services", "domain", "db", "shopify", "local", "infra"],
  components: ["domain"],
  routes: ["services", "components", "domain", "local", "shell", "infra"],
  // The server's composition root (shopify.server, entry.server, root): wires every layer together.
  shell: ["scheduler", "webhooks", "services", "domain", "db", "shopify", "local", "components", "infra"],
};
/** Where each layer's files are. */
const LAYER_FILES = {
  ...Object.fromEntries(
    Object.keys(LAYERS)
      .filter((layer) => layer !== "infra" && layer !== "shell")
      .map((layer) => [layer, `app/${layer}/**`]),
  ),
  infra: ["app/config.server.ts", "app/logger.server.ts"],
  shell: ["app/shopify.server.ts", "app/entry.server.tsx", "app/root.tsx"],
};
/** The database's packages: only app/db imports them. */
const DATABASE_MODULES = ["@prisma/*", "pg", "better-sqlite3", "@shopify/shopify-app-session-storage-prisma"];

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "coverage/**",
      "node_modules/**",
      "public/build/**",
      "test-results/**",
      "playwright-report/**",
      "app/types/*.d.ts",
      "extensions/**/assets/*.js",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,js,mjs}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { react, "react-hooks": reactHooks },
    settings: { react: { version: "18" } },
    rules: {
      ...react.configs.recommended.rules,
      ...react.configs["jsx-runtime"].rules,
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "react/prop-types": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": ["warn", { allow: ["warn", "error"] }],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    plugins: { boundaries },
    settings: {
      "import/resolver": { node: { extensions: [".ts", ".tsx", ".d.ts", ".js"] } },
      "boundaries/include": ["app/**/*"],
      // One element, the app; each file's layer is its category (categories take full paths, so the files at
      // the top of app/ are told apart from the folders).
      "boundaries/elements": [{ type: "app", pattern: "app", partialMatch: false }],
      "boundaries/files": Object.entries(LAYER_FILES).map(([category, pattern]) => ({ category, pattern })),
    },
    rules: {
      "boundaries/no-unknown-files": "error",
      "boundaries/no-unknown-dependencies": "error",
      "boundaries/dependencies": [
        "error",
        {
          default: "disallow",
          // The layers are categories of one element: imports between them are "internal", and checked.
          checkInternals: true,
          policies: Object.entries(LAYERS).map(([layer, allowed]) => ({
            from: { file: { categories: layer } },
            allow: { to: { file: { categories: { anyOf: [layer, ...allowed] } } } },
          })),
        },
      ],
    },
  },
  {
    // Database drivers and the ORM stay behind app/db.
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/db/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: DATABASE_MODULES, message: "Only app/db talks to the database: call a function of app/db." },
          ],
        },
      ],
    },
  },
  {
    files: ["tests/**", "simulator/**", "bench/**", "prisma/**", "**/*.config.*", ".ci/**", "app/shopify/schema/**"],
    rules: { "no-console": "off" },
  },
);
