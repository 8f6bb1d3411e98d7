// A simulated shop selling a lamp on one of the app's pre-order offers, and the plumbing that runs the local
// Shopify's signed webhook deliveries through the app's real intake: shared by the deferred-order suites.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "vitest";
import type { Database } from "~/db/client.server";
import { listOfferRows } from "~/db/offers.server";
import { defaultOfferInput, type OfferInput } from "~/domain/offer";
import { createLogger } from "~/logger.server";
import { createOffer, offerContext, setOfferProducts } from "~/services/offers.server";
import type { AdminClient } from "~/shopify/client.server";
import { receiveWebhook } from "~/webhooks/intake.server";
import type { DeliveryRecord } from "../../simulator/client";
import type { createTestShopifyApp } from "./shopify-app";
import { startSimulatedShop, type SimulatedShop } from "./simulator";
import { testWork } from "./work";

export const DEFAULT_DUE_AT = "2027-02-01T15:00:00.000Z";
const logger = createLogger({ level: "silent" });

/** A pre-order: 25% deposit at checkout, the balance on a fixed date. */
export function preOrder(currency: string, dueAt = DEFAULT_DUE_AT): OfferInput {
  const input = defaultOfferInput("PRE_ORDER", currency);
  if (input.kind !== "PRE_ORDER") throw new Error("unreachable");
  input.plans[0] = {
    ...input.plans[0],
    deposit: { type: "PERCENTAGE", percentage: 25 },
    balance: { trigger: "EXACT_DATE", chargeAt: dueAt },
  };
  return { ...input, name: "Lamp pre-order", merchantCode: "lamp-preorder" };
}

/** Answers every request 200: the app's /local/install and webhook routes, as far as the simulator can tell. */
export async function startAcceptingApp(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on("end", () => response.writeHead(200, { "content-type": "application/json" }).end("{}"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface Storefront {
  shopify: SimulatedShop;
  planId: string;
  variantId: string;
  plainVariantId: string;
}

export interface DeferredShopHarness {
  /** A shop in `currency`, installed, with a pre-order offer on a lamp and a product sold without plans. */
  openStorefront(currency: string, price: string, offer?: OfferInput): Promise<Storefront>;
  /** The simulator's deliveries to this shop not taken yet (all topics, or one, in sending order). */
  pending(shopify: SimulatedShop, topic?: string): Promise<DeliveryRecord[]>;
  /** Runs signed deliveries through the app's intake, each to its topic's route; every answer must be 200. */
  deliver(shopify: SimulatedShop, deliveries: DeliveryRecord[], admin?: AdminClient): Promise<DeliveryRecord[]>;
  deliverPending(shopify: SimulatedShop): Promise<DeliveryRecord[]>;
  stop(): Promise<void>;
}

export async function deferredShopHarness(options: {
  db: () => Database;
  app: () => ReturnType<typeof createTestShopifyApp>;
  now: () => Date;
}): Promise<DeferredShopHarness> {
  const acceptor = await startAcceptingApp();
  const storefronts: Storefront[] = [];
  const seen = new Set<string>();

  const pending = async (shopify: SimulatedShop, topic?: string) => {
    await shopify.control.drainWebhooks();
    const deliveries = await shopify.control.webhooks({ shop: shopify.shop, topic });
    const fresh = deliveries.filter((delivery) => !seen.has(`${delivery.shop}:${delivery.webhookId}`));
    for (const delivery of fresh) seen.add(`${delivery.shop}:${delivery.webhookId}`);
    return fresh;
  };

  const deliver = async (shopify: SimulatedShop, deliveries: DeliveryRecord[], admin?: AdminClient) => {
    for (const delivery of deliveries) {
      const request = new Request(delivery.url, { method: "POST", headers: delivery.headers, body: delivery.body });
      const work = testWork({ db: options.db(), adminFor: async () => admin ?? shopify.admin, now: options.now });
      const response = await receiveWebhook(request, delivery.topic, {
        db: options.db(),
        logger,
        authenticate: (req) => options.app().authenticate.webhook(req),
        processNow: work.processNow,
        now: options.now,
      });
      expect(response.status).toBe(200);
    }
    return deliveries;
  };

  return {
    pending,
    deliver,
    deliverPending: async (shopify) => deliver(shopify, await pending(shopify)),
    async openStorefront(currency, price, offer) {
      const shopify = await startSimulatedShop({ currencyCode: currency, appUrl: acceptor.url });
      expect((await shopify.control.install(shopify.shop)).installed).toBe(true);
      const lamp = await shopify.control.createProduct(shopify.shop, {
        title: "Aurora lamp",
        variants: [{ title: "Amber", price, inventoryQuantity: 50 }],
      });
      const shade = await shopify.control.createProduct(shopify.shop, {
        title: "Shade",
        variants: [{ title: "Linen", price, inventoryQuantity: 50 }],
      });
      const ctx = await offerContext(
        { shop: shopify.shop, accessToken: shopify.accessToken },
        { db: options.db(), admin: shopify.admin, now: options.now, locale: "en-GB" },
      );
      const created = await createOffer(ctx, offer ?? preOrder(currency));
      if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
      expect(await setOfferProducts(ctx, created.id, { productIds: [lamp.id], variantIds: [] })).toMatchObject({
        ok: true,
      });
      const row = (await listOfferRows(options.db(), shopify.shop)).find((candidate) => candidate.id === created.id)!;
      const storefront = {
        shopify,
        planId: Object.values(row.sellingPlanIds)[0],
        variantId: lamp.variants[0].id,
        plainVariantId: shade.variants[0].id,
      };
      storefronts.push(storefront);
      await pending(shopify); // set-up deliveries (inventory, selling plan groups) are not the suites' subject
      return storefront;
    },
    async stop() {
      for (const storefront of storefronts) await storefront.shopify.stop();
      await acceptor.close();
    },
  };
}
