// Every webhook subscription in shopify.app.toml posts to /webhooks/<topic> (compliance topics to /webhooks/compliance).
import type { ActionFunctionArgs } from "@remix-run/node";
import prisma from "../db.server";
import { logger } from "../logger.server";
import { authenticate } from "../shopify.server";
import { receiveWebhook } from "../webhooks/intake.server";
import { offlineAdminClient } from "../shopify/admin.server";
import { backgroundWork } from "../webhooks/runner.server";

export const action = async ({ request, params }: ActionFunctionArgs) => {
  return receiveWebhook(request, params["*"] ?? "", {
    db: prisma,
    logger,
    authenticate: (req) => authenticate.webhook(req),
    adminFor: (shop) => offlineAdminClient(prisma, shop),
    background: backgroundWork,
  });
};

export const loader = () => new Response("Method not allowed", { status: 405, headers: { Allow: "POST" } });
