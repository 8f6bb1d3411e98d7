// The webhook benchmark's load generator talks raw HTTP/1.1 over keep-alive connections; its figures are only as
// good as its reading of the answers. These tests run it against real servers on loopback.
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { LoadClient, runOpenLoop, wireRequest } from "../../../bench/lib/load";
import type { Delivery } from "../../../bench/lib/webhook-deliveries";

let servers: (HttpServer | TcpServer)[] = [];
afterEach(async () => {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise((resolve) => {
          if ("closeAllConnections" in server) server.closeAllConnections();
          server.close(resolve);
        }),
    ),
  );
  servers = [];
});

async function listen<T extends HttpServer | TcpServer>(server: T): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

function delivery(body: string, webhookId = "wh-1"): Delivery {
  return {
    topic: "orders/create",
    shop: "a.myshopify.com",
    webhookId,
    path: "/webhooks/orders/create",
    body: Buffer.from(body),
    hmac: "c2lnbmF0dXJl",
    headers: { "Content-Type": "application/json", "X-Shopify-Webhook-Id": webhookId },
  };
}

describe("benchmark load client", () => {
  it("sends each delivery's exact bytes and headers and reads status and the server's own time", async () => {
    const seen: { url?: string; body: string; webhookId?: string; length?: string }[] = [];
    const port = await listen(
      createHttpServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
          seen.push({
            url: req.url,
            body: Buffer.concat(chunks).toString(),
            webhookId: req.headers["x-shopify-webhook-id"] as string,
            length: req.headers["content-length"],
          });
          // (Node sends these empty answers chunked.)
          res.writeHead(seen.length === 1 ? 200 : 401, { "Server-Timing": "intake;dur=1.25" }).end();
        });
      }),
    );
    const client = new LoadClient("127.0.0.1", port, 1);
    const body = '{"id":1,"note":"caf\u00e9"}';
    const first = await client.send(wireRequest(delivery(body), "127.0.0.1", port), 5_000);
    const second = await client.send(wireRequest(delivery(body, "wh-2"), "127.0.0.1", port), 5_000);
    client.close();
    expect([first.status, first.serverMs, second.status]).toEqual(["200", 1.25, "401"]);
    expect(first.ms).toBeGreaterThan(0);
    expect(seen).toEqual([
      { url: "/webhooks/orders/create", body, webhookId: "wh-1", length: String(Buffer.byteLength(body)) },
      { url: "/webhooks/orders/create", body, webhookId: "wh-2", length: String(Buffer.byteLength(body)) },
    ]);
  });

  it("keeps to its connections: requests beyond them wait for a free one, and every one is answered", async () => {
    const sockets = new Set<unknown>();
    const port = await listen(
      createHttpServer((req, res) => {
        sockets.add(req.socket);
        req.resume();
        req.on("end", () => setTimeout(() => res.writeHead(200, { "Content-Length": "2" }).end("ok"), 5));
      }),
    );
    const wires = Array.from({ length: 12 }, (_, i) => wireRequest(delivery("{}", `wh-${i}`), "127.0.0.1", port));
    const result = await runOpenLoop({ host: "127.0.0.1", port, connections: 3, timeoutMs: 5_000, rate: 1_000, wires });
    expect(result.statusOf).toEqual(Array(12).fill("200"));
    expect(sockets.size).toBe(3);
    expect(result.maxInFlight).toBeGreaterThan(3); // sent on schedule, not when a connection was free
    expect(Number.isNaN(result.serverMs[0])).toBe(true); // no Server-Timing header: no server time
  });

  it("reads an answer that arrives in pieces", async () => {
    const port = await listen(
      createTcpServer((socket) => {
        socket.once("data", () => {
          const answer = "HTTP/1.1 202 Accepted\r\nServer-Timing: intake;dur=3.50\r\nContent-Length: 5\r\n\r\nhello";
          socket.write(answer.slice(0, 7));
          setTimeout(() => socket.write(answer.slice(7, 40)), 10);
          setTimeout(() => socket.write(answer.slice(40)), 20);
        });
      }),
    );
    const client = new LoadClient("127.0.0.1", port, 1);
    const answer = await client.send(wireRequest(delivery("{}"), "127.0.0.1", port), 5_000);
    client.close();
    expect([answer.status, answer.serverMs]).toEqual(["202", 3.5]);
    expect(answer.ms).toBeGreaterThanOrEqual(15);
  });

  it("abandons a request not answered in time, and one whose connection the server drops", async () => {
    let requests = 0;
    const port = await listen(
      createTcpServer((socket) => {
        socket.on("data", () => {
          requests++;
          if (requests === 2) socket.destroy(); // the second is dropped; the first is never answered
        });
      }),
    );
    const client = new LoadClient("127.0.0.1", port, 2);
    const silent = client.send(wireRequest(delivery("{}", "wh-a"), "127.0.0.1", port), 100);
    const dropped = client.send(wireRequest(delivery("{}", "wh-b"), "127.0.0.1", port), 5_000);
    expect((await dropped).status).toBe("error:ECONNRESET");
    const timedOut = await silent;
    client.close();
    expect(timedOut.status).toBe("timeout");
    expect(timedOut.ms).toBeGreaterThanOrEqual(99);
  });
});
