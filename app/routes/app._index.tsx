// Home: the shop's installation status and the health of its webhook intake.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Button, Card, InlineGrid, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import prisma from "../db.server";
import { authenticate } from "../shopify.server";
import { findShop } from "../db/shops.server";
import { countDeliveriesByStatus } from "../db/webhook-events.server";
import { adminClientFor } from "../shopify/admin.server";
import { fetchShopIdentity } from "../shopify/operations/shop";
import { listDataRequests } from "../services/privacy.server";

/** Shopify gives the merchant 30 days to answer a customer's data request. */
const DATA_REQUEST_DAYS = 30;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [identity, shop, deliveries, dataRequests] = await Promise.all([
    fetchShopIdentity(adminClientFor(session)),
    findShop(prisma, session.shop),
    countDeliveriesByStatus(prisma, session.shop),
    listDataRequests(prisma, session.shop),
  ]);
  const since = Date.now() - DATA_REQUEST_DAYS * 24 * 60 * 60 * 1000;
  return {
    shopName: identity.name,
    currencyCode: identity.currencyCode,
    shopDomain: session.shop,
    installedAt: shop?.installedAt.toISOString() ?? null,
    deliveries,
    recentDataRequests: dataRequests.filter((item) => item.receivedAt.getTime() >= since).length,
  };
};

export default function Home() {
  const { shopName, currencyCode, shopDomain, installedAt, deliveries, recentDataRequests } =
    useLoaderData<typeof loader>();
  return (
    <Page title="Deferred purchase options">
      <TitleBar title="Deferred purchase options" />
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {shopName}
              </Text>
              <Text as="p">
                {shopDomain} · {currencyCode}
              </Text>
              <Text as="p" tone="subdued">
                {installedAt
                  ? `Installed on ${new Date(installedAt).toLocaleDateString("en-GB", { dateStyle: "long", timeZone: "UTC" })}`
                  : "Installation not recorded yet"}
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Webhook deliveries
              </Text>
              <InlineGrid columns={5} gap="300">
                {(["PROCESSED", "RECEIVED", "FAILED", "MALFORMED", "DEAD"] as const).map((status) => (
                  <BlockStack key={status} gap="100">
                    <Text as="p" tone="subdued">
                      {STATUS_LABELS[status]}
                    </Text>
                    <Text as="p" variant="headingLg">
                      {deliveries[status] ?? 0}
                    </Text>
                  </BlockStack>
                ))}
              </InlineGrid>
            </BlockStack>
          </Card>
        </Layout.Section>
        {recentDataRequests > 0 ? (
          <Layout.Section>
            <Card>
              <InlineStack align="space-between" blockAlign="center">
                <BlockStack gap="100">
                  <Text as="h2" variant="headingMd">
                    Privacy requests
                  </Text>
                  <Text as="p">
                    {recentDataRequests === 1
                      ? "1 customer asked for their data in the last 30 days."
                      : `${recentDataRequests} customers asked for their data in the last 30 days.`}
                  </Text>
                </BlockStack>
                <Button url="/app/privacy">Review requests</Button>
              </InlineStack>
            </Card>
          </Layout.Section>
        ) : null}
      </Layout>
    </Page>
  );
}

const STATUS_LABELS = {
  PROCESSED: "Processed",
  RECEIVED: "Waiting",
  FAILED: "Failed, will retry",
  MALFORMED: "Unreadable, kept",
  DEAD: "Gave up, kept",
} as const;
