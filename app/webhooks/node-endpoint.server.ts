// Answers `POST /webhooks/*` straight from Node's HTTP server, before Express and Remix's routing: the production
// server (server.mjs) asks this handler first. At Shopify's webhook rates the general request pipeline (access
// log, compression, static files, route matching, Remix's request handling) cost more than the intake itself;
// what remains is building the Fetch `Request` that `authenticate.webhook` needs. Everything else the request
// means (signature, topic, recording once, processing) is the same handler as the Remix route's.
//
// That `Request` carries Shopify's own headers (`X-Shopify-*`) and `Content-Type`, not the rest (`Host`,
// `User-Agent`, proxies' `X-Forwarded-*`, tracing headers...): nothing downstream reads them, and
// `@shopify/shopify-api` re-canonicalises every header once per header it copies (quadratic in their number;
// with 15 headers it was a tenth of the CPU spent per delivery).
//
// Every answer carries `Server-Timing: intake;dur=<ms>`, the time from the request's headers being read to its
// answer being written (body, signature, storing), so that a load test can tell the server's own time from the
// time the request spent in the network, in the kernel or waiting for a CPU (Shopify ignores the header).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../logger.server";

export const WEBHOOK_PATH = "/webhooks/";

const utf8 = new TextDecoder();

/** Larger bodies are refused with 413 (Shopify's largest order payloads are a few MiB). */
export const MAX_WEBHOOK_BODY_BYTES = 16 * 1024 * 1024;

export interface NodeWebhookOptions {
  /** The webhook endpoint: `(request, "orders/create") => response`. */
  handle: (request: Request, topicSegment: string, rawBody: string) => Promise<Response>;
  logger: Pick<Logger, "error" | "warn">;
  maxBodyBytes?: number;
}

/** Returns a function that takes the request when it is a webhook delivery (true), or leaves it (false). */
export function createNodeWebhookHandler(options: NodeWebhookOptions) {
  const maxBodyBytes = options.maxBodyBytes ?? MAX_WEBHOOK_BODY_BYTES;
  return function handleNodeWebhook(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== "POST" || !req.url?.startsWith(WEBHOOK_PATH)) return false;
    const startedAt = performance.now();
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on("data", (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > maxBodyBytes) {
        refused = true;
        options.logger.warn(
          { topic: req.headers["x-shopify-topic"], shop: req.headers["x-shopify-shop-domain"], bytes: size },
          "webhook body too large; refused",
        );
        send(res, startedAt, new Response("Payload too large", { status: 413 }), () => req.destroy());
      } else {
        chunks.push(chunk);
      }
    });
    req.on("end", () => {
      if (refused) return;
      let request: Request;
      let topicSegment: string;
      let rawBody: string;
      try {
        const url = new URL(req.url!, `http://${req.headers.host ?? "localhost"}`);
        topicSegment = decodeURIComponent(url.pathname.slice(WEBHOOK_PATH.length));
        const headers = new Headers();
        for (let i = 0; i < req.rawHeaders.length; i += 2) {
          const name = req.rawHeaders[i]!.toLowerCase();
          if (name.startsWith("x-shopify-") || name === "content-type") headers.append(name, req.rawHeaders[i + 1]!);
        }
        const body = Buffer.concat(chunks, size);
        // Decoded as `Request.text()` decodes (UTF-8, a leading byte-order mark dropped), which the library uses.
        rawBody = utf8.decode(body);
        request = new Request(url, { method: "POST", headers, body });
      } catch {
        send(res, startedAt, new Response("Bad request", { status: 400 }));
        return;
      }
      options
        .handle(request, topicSegment, rawBody)
        .catch((error: unknown) => {
          if (error instanceof Response) return error;
          // Nothing was acknowledged: Shopify sends the delivery again.
          options.logger.error(
            { err: error instanceof Error ? error.message : String(error), topic: topicSegment },
            "webhook request failed",
          );
          return new Response("Internal error", { status: 500 });
        })
        .then((response) => send(res, startedAt, response));
    });
    // A client that went away: nothing is answered, nothing was stored (Shopify resends).
    req.on("error", () => undefined);
    return true;
  };
}

function send(res: ServerResponse, startedAt: number, response: Response, after?: () => void) {
  void response
    .arrayBuffer()
    .catch(() => new ArrayBuffer(0))
    .then((body) => {
      if (res.headersSent || res.destroyed) return;
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => (headers[name] = value));
      headers["content-length"] = String(body.byteLength);
      headers["server-timing"] = `intake;dur=${(performance.now() - startedAt).toFixed(2)}`;
      res.writeHead(response.status, headers);
      res.end(body.byteLength > 0 ? Buffer.from(body) : undefined, after);
    });
}
