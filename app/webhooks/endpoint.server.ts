// The app's webhook endpoint, `POST /webhooks/<topic>`, wired to the process's database, Shopify authentication
// and background runner. The Remix route (routes/webhooks.$.tsx) and the production server's direct path
// (server.mjs, through the server build's entry) both answer with this one function.
import { config } from "../config.server";
import prisma from "../db/client.server";
import { logger } from "../logger.server";
import { authenticate } from "../shopify.server";
import { offlineAdminClient } from "../services/admin-access.server";
import { receiveWebhook } from "./intake.server";
import { backgroundWork } from "./runner.server";

/**
 * `topicSegment` is the path after `/webhooks/` (`orders/create`, `compliance`); `rawBody` the body as text when
 * the caller has read it already.
 */
export function handleWebhookRequest(request: Request, topicSegment: string, rawBody?: string): Promise<Response> {
  return receiveWebhook(
    request,
    topicSegment,
    {
      db: prisma,
      logger,
      authenticate: (req) => authenticate.webhook(req),
      adminFor: (shop) => offlineAdminClient(prisma, shop),
      background: backgroundWork,
      leaveToWorker: config().webhookProcessing === "worker",
    },
    rawBody,
  );
}
