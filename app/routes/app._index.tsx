// Home: what is owed, when, what was collected and what failed, per currency, with the weeks ahead and behind as
// charts; the first attempts' success rate; the setup checklist until it is done. Every figure links to the orders
// behind it. Read from the app's own database: nothing here calls Shopify.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  Card,
  EmptyState,
  Icon,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  Page,
  Text,
} from "@shopify/polaris";
import { CheckCircleIcon, AlertCircleIcon } from "@shopify/polaris-icons";
import polarisVizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { appNow, authenticate } from "../shopify.server";
import { config } from "../config.server";
import { GATEWAY_CAVEATS_URL, homeDashboard } from "../services/home.server";
import { offerContext } from "../services/offers.server";
import { currencyCard, SETUP_TEXT, type CurrencyCard } from "../components/home/dashboard";
import { WeeklyChart } from "../components/home/WeeklyChart";
import { formatDay } from "../components/orders/view";

export const links = () => [{ rel: "stylesheet", href: polarisVizStyles }];

/** The theme editor, opened on the product template with the app's block ready to add. */
function themeEditorUrl(shop: string, apiKey: string) {
  return `https://${shop}/admin/themes/current/editor?template=product&addAppBlockId=${apiKey}/purchase-options&target=mainSection`;
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const ctx = await offerContext(session);
  const now = appNow();
  const home = await homeDashboard({ ...ctx, now, requiredScopes: config().scopes });
  const apiKey = config().apiKey;
  const urls: Record<string, string> = {
    offer: "/app/offers/new",
    products: "/app/offers",
    storefront: themeEditorUrl(session.shop, apiKey),
    scopes: "/app",
    gateway: GATEWAY_CAVEATS_URL,
  };
  return {
    shopDomain: session.shop,
    currencyCode: ctx.currencyCode,
    installedAt: home.installedAt ? formatDay(home.installedAt, ctx) : null,
    cards: home.figures.map((figures) => currencyCard(figures, home.windows, ctx)),
    firstAttempts: home.firstAttempts,
    setup: home.setup.map((step) => ({
      ...step,
      ...SETUP_TEXT[step.id]!,
      url: urls[step.id]!,
      external: step.id === "storefront" || step.id === "gateway",
    })),
    recentDataRequests: home.recentDataRequests,
  };
};

export default function Home() {
  const page = useLoaderData<typeof loader>();
  const setupDone = page.setup.every((step) => step.done !== false);
  return (
    <Page title="Deferred purchase options">
      <Layout>
        {!setupDone ? (
          <Layout.Section>
            <SetupChecklist steps={page.setup} />
          </Layout.Section>
        ) : null}
        {page.cards.length === 0 ? (
          <Layout.Section>
            <Card>
              <EmptyState heading="No balances yet" image="" action={{ content: "Go to offers", url: "/app/offers" }}>
                <p>
                  When customers buy with one of your offers, what they still owe, when it is due and what has been
                  collected appear here.
                </p>
              </EmptyState>
            </Card>
          </Layout.Section>
        ) : (
          page.cards.map((card) => (
            <Layout.Section key={card.currency}>
              <CurrencySection card={card} />
            </Layout.Section>
          ))
        )}
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  First attempts
                </Text>
                <Text as="p" variant="headingXl">
                  {page.firstAttempts.percent === null ? "—" : `${page.firstAttempts.percent}%`}
                </Text>
                <Text as="p" tone="subdued">
                  {page.firstAttempts.percent === null
                    ? "No balance has been charged yet."
                    : `of first charges succeeded (${page.firstAttempts.succeeded} of ${
                        page.firstAttempts.succeeded + page.firstAttempts.declined
                      })`}
                </Text>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Shop
                </Text>
                <Text as="p">
                  {page.shopDomain} · {page.currencyCode}
                </Text>
                <Text as="p" tone="subdued">
                  {page.installedAt ? `Installed on ${page.installedAt}` : "Installation not recorded yet"}
                </Text>
                <Link url="/app/deliveries">Webhook health</Link>
              </BlockStack>
            </Card>
            {page.recentDataRequests > 0 ? (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Privacy requests
                  </Text>
                  <Text as="p">
                    {page.recentDataRequests === 1
                      ? "1 customer asked for their data in the last 30 days."
                      : `${page.recentDataRequests} customers asked for their data in the last 30 days.`}
                  </Text>
                  <InlineStack>
                    <Button url="/app/privacy">Review requests</Button>
                  </InlineStack>
                </BlockStack>
              </Card>
            ) : null}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function CurrencySection({ card }: { card: CurrencyCard }) {
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          {`Balances in ${card.currency}`}
        </Text>
        <InlineGrid columns={{ xs: 2, md: 3 }} gap="400">
          {card.metrics.map((metric) => (
            <BlockStack key={metric.label} gap="100">
              <Text as="p" tone="subdued">
                {metric.label}
              </Text>
              <Text as="p" variant="headingLg" tone={metric.tone}>
                {metric.amount}
              </Text>
              {metric.detail || metric.url ? (
                <Text as="p" variant="bodySm">
                  {metric.url ? (
                    <Link url={metric.url} accessibilityLabel={`${metric.label}: view orders`}>
                      {metric.detail ?? "View orders"}
                    </Link>
                  ) : (
                    metric.detail
                  )}
                </Text>
              ) : null}
            </BlockStack>
          ))}
        </InlineGrid>
        {/* One chart per row: side by side, a week's bar was too narrow for polaris-viz to draw its label. */}
        <BlockStack gap="400">
          <WeeklyChart title="Due by week, next 12 weeks" series="Due" points={card.dueByWeek} />
          <WeeklyChart title="Collected by week, last 12 weeks" series="Collected" points={card.collectedByWeek} />
        </BlockStack>
      </BlockStack>
    </Card>
  );
}

function SetupChecklist({ steps }: { steps: ReturnType<typeof useLoaderData<typeof loader>>["setup"] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Set up
        </Text>
        <BlockStack gap="300" as="ul">
          {steps.map((step) => (
            <Box as="li" key={step.id}>
              <InlineStack gap="300" blockAlign="start" wrap={false}>
                <Box>
                  <Icon
                    source={step.done ? CheckCircleIcon : AlertCircleIcon}
                    tone={step.done ? "success" : step.done === false ? "caution" : "subdued"}
                    accessibilityLabel={step.done ? "Done" : step.done === false ? "To do" : "To check"}
                  />
                </Box>
                <BlockStack gap="100">
                  <InlineStack gap="200" blockAlign="center">
                    <Text as="span" fontWeight="semibold">
                      {step.title}
                    </Text>
                    {step.done === null ? <Badge>To check</Badge> : null}
                  </InlineStack>
                  {!step.done ? (
                    <>
                      <Text as="p" tone="subdued">
                        {step.id === "scopes" && step.missingScopes?.length
                          ? `${step.todo} Missing: ${step.missingScopes.join(", ")}.`
                          : step.todo}
                      </Text>
                      <InlineStack>
                        <Button url={step.url} target={step.external ? "_blank" : undefined} variant="plain">
                          {step.action}
                        </Button>
                      </InlineStack>
                    </>
                  ) : null}
                </BlockStack>
              </InlineStack>
            </Box>
          ))}
        </BlockStack>
      </BlockStack>
    </Card>
  );
}
