// Remix (Vite) build for the embedded app. HMR is pinned to localhost, as the Shopify template does.
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

const port = Number(process.env.PORT || 3000);

export default defineConfig({
  server: {
    host: "localhost",
    port,
    hmr: { protocol: "ws", host: "localhost", port: Number(process.env.HMR_PORT || 64999) },
    fs: { allow: ["app", "node_modules"] },
  },
  plugins: [
    remix({
      ignoredRouteFiles: ["**/.*", "**/*.test.*"],
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
        v3_singleFetch: true,
      },
    }),
    tsconfigPaths(),
  ],
  build: { assetsInlineLimit: 0 },
  // Pre-bundled at start-up. In development, route modules keep their server imports in the browser graph
  // (loaders are stripped only in builds), so Vite would discover these on the first page load, re-optimise
  // mid-load, and the page would briefly run two copies of React ("Invalid hook call").
  optimizeDeps: {
    include: [
      "react",
      "react-dom",
      "react-dom/client",
      "react/jsx-runtime",
      "react/jsx-dev-runtime",
      "@remix-run/react",
      "@remix-run/node",
      "@shopify/polaris",
      "@shopify/app-bridge-react",
      "@shopify/shopify-app-remix/react",
      "@shopify/shopify-app-remix/server",
      "@shopify/shopify-app-remix/adapters/node",
      "@shopify/shopify-app-session-storage-prisma",
      "@prisma/client",
      "@prisma/adapter-better-sqlite3",
      "@prisma/adapter-pg",
      "graphql",
      "graphql-request",
      "pino",
      "luxon",
      "zod",
      "dinero.js",
      "dinero.js/bigint",
      "dinero.js/bigint/currencies",
    ],
  },
});
