// The production server (`npm start`): the Remix build served as `remix-serve` serves it (compression, the
// client assets with long-lived caching, public/, an access log, Remix's request handler), except that webhook
// deliveries (`POST /webhooks/*`) are answered first, straight from Node's HTTP server, by the handler the
// build's entry exports (app/webhooks/node-endpoint.server.ts). Environment: PORT (3000), HOST (all interfaces),
// NODE_ENV (production), KEEP_ALIVE_TIMEOUT_MS (65000), SHUTDOWN_TIMEOUT_MS (10000).
import { createServer } from "node:http";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { pathToFileURL } from "node:url";
// The Express adapter's own Request conversion (not re-exported by its index; a move fails here, at start).
import expressAdapter from "@remix-run/express/dist/server.js";
import { createRequestHandler, installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";
import morgan from "morgan";

process.env.NODE_ENV ??= "production";

const build = await import(pathToFileURL(path.resolve("build/server/index.js")).href);
installGlobals({ nativeFetch: build.future.v3_singleFetch });
const { handleNodeWebhook, stopBackgroundWork } = build.entry.module;

const app = express();
app.disable("x-powered-by");
app.use(compression());
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
app.use(morgan("tiny"));
app.all("*", remixHandler(build));

/**
 * Remix's request handler, as `@remix-run/express` builds it, except for how the answer's body is written: that
 * adapter writes each chunk as soon as it is read and ignores the socket's backpressure, so a long streamed answer
 * (the CSV export of 100,000 orders) was read from the database as fast as it could be and queued in the server's
 * memory while the client drained it (+80–130 MB). Piping the body waits for the socket instead.
 */
function remixHandler(build) {
  const handleRequest = createRequestHandler(build, process.env.NODE_ENV);
  return async (req, res, next) => {
    try {
      const response = await handleRequest(expressAdapter.createRemixRequest(req, res));
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [key, value] of response.headers.entries()) res.append(key, value);
      if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
      if (response.body) await pipeline(Readable.fromWeb(response.body), res);
      else res.end();
    } catch (error) {
      if (!res.headersSent) return next(error);
      // The answer was cut short: by the client going away (not the app's error), or by the body failing midway.
      if (error?.code !== "ERR_STREAM_PREMATURE_CLOSE") console.error("[server] answer cut short:", error);
      res.destroy();
    }
  };
}

const server = createServer((req, res) => {
  if (!handleNodeWebhook(req, res)) app(req, res);
});
// Idle keep-alive connections are kept longer than load balancers keep theirs (60 s on the common ones): a server
// that closes first races the next request on that connection, which then fails (Node's default is 5 s).
server.keepAliveTimeout = Number(process.env.KEEP_ALIVE_TIMEOUT_MS ?? 65_000);
server.headersTimeout = server.keepAliveTimeout + 1_000;

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST || undefined;
server.listen(port, host, () => console.warn(`[server] http://${host ?? "localhost"}:${port}`));

// On SIGTERM/SIGINT: stop taking connections, let requests in progress and background processing already started
// end (deliveries not yet processed stay RECEIVED in the database for the worker), then exit.
let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.warn(`[server] ${signal}: finishing requests in progress`);
  const timeoutMs = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 10_000);
  const deadline = setTimeout(() => {
    console.error(`[server] still busy after ${timeoutMs} ms; exiting`);
    process.exit(1);
  }, timeoutMs);
  deadline.unref();
  await new Promise((resolve) => {
    server.close(resolve);
    server.closeIdleConnections();
  });
  await stopBackgroundWork();
  process.exit(0);
}
for (const signal of ["SIGTERM", "SIGINT"]) process.once(signal, () => void shutdown(signal));
