// Stores the offline session the simulator issues on install: what token exchange would store in production.
import { createHmac, timingSafeEqual } from "node:crypto";
import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { z } from "zod";
import prisma, { type Database } from "../db/client.server";
import { recordInstallation } from "../db/shops.server";

const InstallBody = z.object({
  shop: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "must be a *.myshopify.com domain"),
  accessToken: z.string().min(1),
  scope: z.string(),
});

export function signLocalInstall(rawBody: string, apiSecret: string): string {
  return createHmac("sha256", apiSecret).update(rawBody, "utf8").digest("base64");
}

export async function acceptLocalInstall(
  request: Request,
  deps: {
    apiSecret: string;
    sessionStorage: SessionStorage;
    /** Default: the app's database. */
    db?: Database;
    /** What token exchange's afterAuth hook does next in production (backfill; a reinstall resumes charges). */
    afterInstall?: (shop: string, reinstalled: boolean) => Promise<unknown>;
  },
): Promise<Response> {
  const rawBody = await request.text();
  const given = Buffer.from(request.headers.get("x-simulator-hmac") ?? "", "base64");
  const expected = Buffer.from(signLocalInstall(rawBody, deps.apiSecret), "base64");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return new Response("Unauthorized", { status: 401 });
  }
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return Response.json({ errors: { body: "is not JSON" } }, { status: 400 });
  }
  const parsed = InstallBody.safeParse(json);
  if (!parsed.success) {
    return Response.json({ errors: z.flattenError(parsed.error).fieldErrors }, { status: 400 });
  }
  const { shop, accessToken, scope } = parsed.data;
  const session = new Session({
    id: `offline_${shop}`,
    shop,
    state: "local-install",
    isOnline: false,
    scope,
    accessToken,
  });
  await deps.sessionStorage.storeSession(session);
  const { reinstalled } = await recordInstallation(deps.db ?? prisma, { shop, scopes: scope });
  await deps.afterInstall?.(shop, reinstalled);
  return Response.json({ installed: shop });
}
