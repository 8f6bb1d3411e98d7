// Measures how many small Admin GraphQL requests per second the simulator serves on loopback (bounded run).
// The simulator runs in a child process (one core, as in use); this process only generates load.
// Run: npx tsx bench/simulator-throughput.ts [seconds=5] [concurrency=16]
import { fork } from "node:child_process";
import { request, Agent } from "node:http";
import { fileURLToPath } from "node:url";

if (process.argv[2] === "--server") {
  const { startSimulator } = await import("../simulator/src/server.js");
  const sim = await startSimulator({ port: 0, appUrl: "http://127.0.0.1:9" });
  process.send?.({ url: sim.url });
  process.on("message", () => void sim.stop().then(() => process.exit(0)));
} else {
  const seconds = Math.min(Number(process.argv[2] ?? 5), 30);
  const concurrency = Number(process.argv[3] ?? 16);
  const child = fork(fileURLToPath(import.meta.url), ["--server"], { execArgv: process.execArgv, stdio: "inherit" });
  const base = await new Promise<string>((resolve) => child.once("message", (m: { url: string }) => resolve(m.url)));
  try {
    const res = await fetch(`${base}/_sim/shops`, {
      method: "POST",
      body: JSON.stringify({ domain: "bench.myshopify.com", plan: "enterprise", restoreRate: 1_000_000 }),
    });
    const { accessToken } = (await res.json()) as { accessToken: string };
    await fetch(`${base}/_sim/shops/bench.myshopify.com/products`, {
      method: "POST",
      body: JSON.stringify({ title: "Bench", variants: [{ price: "10.00", inventoryQuantity: 5 }] }),
    });

    const body = JSON.stringify({
      query:
        "query Small($first: Int!) { shop { name currencyCode } products(first: $first) { nodes { id title variants(first: 1) { nodes { id price } } } } }",
      variables: { first: 3 },
    });
    const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    const url = new URL(`${base}/admin/api/2026-10/graphql.json`);
    const one = () =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: "POST",
            agent,
            headers: {
              "Content-Type": "application/json",
              "Content-Length": Buffer.byteLength(body),
              "X-Shopify-Access-Token": accessToken,
            },
          },
          (r) => {
            r.resume();
            r.on("end", () => resolve(r.statusCode ?? 0));
          },
        );
        req.on("error", reject);
        req.end(body);
      });

    for (let i = 0; i < 300; i++) await one(); // warm-up: parse/validate once, JIT
    let ok = 0;
    let failures = 0;
    const start = performance.now();
    const end = start + seconds * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < end) {
          if ((await one()) === 200) ok++;
          else failures++;
        }
      }),
    );
    const elapsed = (performance.now() - start) / 1000;
    agent.destroy();
    console.log(
      JSON.stringify({
        requests: ok,
        failures,
        seconds: Number(elapsed.toFixed(2)),
        requestsPerSecond: Math.round(ok / elapsed),
        concurrency,
        node: process.version,
      }),
    );
  } finally {
    child.send("stop");
  }
}
