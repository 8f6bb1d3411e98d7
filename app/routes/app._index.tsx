// Home: the shop's installation status and the health of its webhook intake.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Button, Card, InlineGrid, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { authenticate } from "../shopify.server";
import { homeSummary } from "../services/home.server";
import { adminForSession } from "../services/admin-access.server";
import { shopScope } from "../services/shop-scope.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const home = await homeSummary(shopScope(session.shop), adminForSession(session), new Date());
  return {
    shopName: home.identity.name,
    currencyCode: home.identity.currencyCode,
    shopDomain: session.shop,
    installedAt: home.installedAt?.toISOString() ?? null,
    deliveries: home.deliveries,
    recentDataRequests: home.recentDataRequests,
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
