// Every webhook subscription in shopify.app.toml posts to /webhooks/<topic> (compliance topics to /webhooks/compliance).
// In production, server.mjs answers these requests before Remix's routing (same handler); this route serves them
// in development and wherever the build is served by another adapter.
import type { ActionFunctionArgs } from "@remix-run/node";
import { handleWebhookRequest } from "../shopify.server";

export const action = ({ request, params }: ActionFunctionArgs) => handleWebhookRequest(request, params["*"] ?? "");

export const loader = () => new Response("Method not allowed", { status: 405, headers: { Allow: "POST" } });
