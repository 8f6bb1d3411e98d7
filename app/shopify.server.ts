// The app's Shopify integration: @shopify/shopify-app-remix configured once for the whole server.
import "@shopify/shopify-app-remix/adapters/node";
import { type ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import prisma from "./db/client.server";
import { config } from "./config.server";
import { databaseSessionStorage } from "./db/sessions.server";
import { recordInstallation } from "./db/shops.server";
import { allowLocalAdminFrame } from "./local/document-headers.server";
import { ADMIN_API_VERSION } from "./shopify/version";
import { logger } from "./logger.server";
import { requestBackfill } from "./services/backfill.server";
import { answerChargeRequest, requestChargeAction, type ChargeRequestAnswer } from "./services/charge-requests.server";
import { resumeChargesAfterReinstall } from "./services/charges.server";
import type { ChargeRequestKind } from "./domain/charge-request";
import { CachedSessionStorage } from "./shopify/session-cache.server";
import { appClock } from "./scheduler/clock.server";
import { backgroundQueue, runJobNow, runJobSoon } from "./scheduler/web-runner.server";
import { receiveWebhook } from "./webhooks/intake.server";

const settings = config();

/** The app's clock: what "now" means for due dates (in local runs it follows the simulator's). */
export function appNow(): Date {
  return appClock().now();
}

/**
 * Queues a search of the shop's existing orders (or finds the one queued) and starts it in this process's
 * background; the worker resumes whatever this process does not finish.
 */
export async function startBackfill(
  shop: string,
  trigger: "INSTALL" | "MANUAL",
  options: { onlyIfNone?: boolean } = {},
) {
  const result = await requestBackfill({ db: prisma, now: () => appClock().now() }, shop, trigger, options);
  if (result.created && result.jobId) runJobSoon(result.jobId);
  return result;
}

/**
 * A staff member's action on a balance charge ("Charge now", "Stop collecting", "Record as paid", "Resume", "End
 * attempt"): recorded as a request for the charge's unit, which this process then runs at once (unless a worker is
 * running it right now); the answer says what the unit did with the request, or why it still waits. With
 * `wait: false` (bulk actions) the unit runs in the background and the request is only recorded here.
 */
export async function actOnBalance(
  shop: string,
  orderId: string,
  kind: ChargeRequestKind,
  staffMemberId: string | null,
  options: { wait?: boolean } = {},
): Promise<{ notFound: true } | { refused: string } | ChargeRequestAnswer> {
  const receipt = await requestChargeAction(prisma, shop, orderId, kind, staffMemberId, appClock().now());
  if (!("requestId" in receipt)) return receipt;
  if (options.wait === false) {
    runJobSoon(receipt.jobId);
    return { status: "PENDING", kind, message: "Requested: the app carries it out now." };
  }
  await runJobNow(receipt.jobId).catch((error: unknown) =>
    logger.warn({ shop, err: (error as Error).message }, "balance charge run after a staff request failed"),
  );
  const answer = await answerChargeRequest(prisma, shop, receipt.requestId);
  // A payment just sent, or a request waiting on one, is followed here for its first short waits, so it finishes
  // without a worker.
  if (kind === "CHARGE_NOW" || answer?.status === "PENDING") runJobSoon(receipt.jobId);
  return answer ?? { notFound: true };
}

/**
 * An installation (the first, or a reinstall after an uninstall): the first one searches the shop's existing orders;
 * a reinstall opens the shop's charges again, runs them (each re-reads its order), and searches again for orders
 * placed while the app was away (their webhooks were not delivered).
 */
export async function afterInstallation(shop: string, reinstalled: boolean) {
  if (reinstalled) await resumeChargesAfterReinstall(prisma, shop, appClock().now());
  await startBackfill(shop, "INSTALL", { onlyIfNone: !reinstalled });
}

const shopify = shopifyApp({
  apiKey: settings.apiKey,
  apiSecretKey: settings.apiSecret,
  apiVersion: ADMIN_API_VERSION as ApiVersion,
  scopes: settings.scopes,
  appUrl: settings.appUrl,
  authPathPrefix: "/auth",
  // Offline sessions are remembered for a few seconds: webhook authentication loads one per delivery.
  sessionStorage: new CachedSessionStorage(databaseSessionStorage(prisma)),
  distribution: AppDistribution.AppStore,
  future: {
    unstable_newEmbeddedAuthStrategy: true,
  },
  hooks: {
    afterAuth: async ({ session }) => {
      const { reinstalled } = await recordInstallation(prisma, { shop: session.shop, scopes: session.scope ?? null });
      // A first install searches the shop's existing orders once; later re-authentications do not.
      await afterInstallation(session.shop, reinstalled);
    },
  },
  ...(settings.customShopDomains ? { customShopDomains: settings.customShopDomains } : {}),
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
/**
 * LOCAL SEAM (README, "Local seams"): pages the library throws as Responses (the session-token bounce page,
 * exit-iframe) skip entry.server, so they get the local admin-frame headers here. Unchanged in production.
 */
function withLocalFrameHeaders(auth: typeof shopify.authenticate): typeof shopify.authenticate {
  const local = settings.local;
  if (!local) return auth;
  const admin: typeof auth.admin = async (request) => {
    try {
      return await auth.admin(request);
    } catch (thrown) {
      if (thrown instanceof Response) allowLocalAdminFrame(thrown.headers, local);
      throw thrown;
    }
  };
  return { ...auth, admin };
}

export const authenticate = withLocalFrameHeaders(shopify.authenticate);
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;

/**
 * The app's webhook endpoint, `POST /webhooks/<topic>`: the Remix route (routes/webhooks.$.tsx) and the production
 * server's direct path (server.mjs, through the server build's entry) both answer with this one function.
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
      processNow: runJobNow,
      now: () => appClock().now(),
      background: backgroundQueue(),
      leaveToWorker: settings.webhookProcessing === "worker",
    },
    rawBody,
  );
}
