// Entry point: `npx tsx simulator/src/main.ts` runs the local Shopify on 127.0.0.1:$SIMULATOR_PORT (default 8081).
import { startSimulator } from "./server.js";

const port = Number(process.env.SIMULATOR_PORT ?? 8081);
const running = await startSimulator({
  port,
  appTomlPath: process.env.SIMULATOR_APP_TOML,
  seed: process.env.SIMULATOR_SEED === "demo" ? "demo" : null,
});
console.log(`[simulator] Admin API  ${running.url}/admin/api/2026-10/graphql.json`);
console.log(`[simulator] Control    ${running.url}/_sim/health`);
console.log(
  `[simulator] App        ${process.env.SHOPIFY_APP_URL ?? "http://localhost:3000"} (webhooks, /local/install)`,
);

const shutdown = () => {
  void running.stop().then(() => process.exit(0));
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
