// Server rendering entry: streams the React tree and adds Shopify's document headers (CSP frame-ancestors).
import { PassThrough } from "node:stream";
import { renderToPipeableStream } from "react-dom/server";
import { RemixServer } from "@remix-run/react";
import { createReadableStreamFromReadable, type EntryContext } from "@remix-run/node";
import { isbot } from "isbot";
import { addDocumentResponseHeaders, handleWebhookRequest } from "./shopify.server";
import { config } from "./config.server";
import { allowLocalAdminFrame } from "./local/document-headers.server";
import { logger } from "./logger.server";
import { createNodeWebhookHandler } from "./webhooks/node-endpoint.server";
import { stopWebRunner } from "./scheduler/web-runner.server";

export const streamTimeout = 5000;

// For the production server (server.mjs), which reads them from the server build's entry module: webhook
// deliveries answered before Express and Remix's routing, and stopping background work on shutdown.
export const handleNodeWebhook = createNodeWebhookHandler({ handle: handleWebhookRequest, logger });
export async function stopBackgroundWork() {
  const dropped = await stopWebRunner();
  if (dropped > 0)
    logger.info({ tasks: dropped }, "shutting down: background tasks not started are left to the worker");
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  addDocumentResponseHeaders(request, responseHeaders);
  const local = config().local;
  if (local) allowLocalAdminFrame(responseHeaders, local);
  const userAgent = request.headers.get("user-agent");
  const callbackName = isbot(userAgent ?? "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      [callbackName]: () => {
        const body = new PassThrough();
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html");
        resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error) {
        reject(error);
      },
      onError(error) {
        responseStatusCode = 500;
        console.error(error);
      },
    });
    setTimeout(abort, streamTimeout + 1000);
  });
}
