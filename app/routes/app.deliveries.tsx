// Webhook deliveries received for this shop, newest first, with what became of each.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate } from "@remix-run/react";
import { Badge, BlockStack, Card, EmptyState, IndexTable, InlineGrid, Page, Text } from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import type { WebhookDeliveryStatus } from "../domain/webhook-delivery";
import { deliveryHealth } from "../services/home.server";
import { deliveriesPage } from "../services/deliveries.server";
import { shopScope } from "../services/shop-scope.server";
import { offerContext } from "../services/offers.server";
import { formatDateTime } from "../components/orders/view";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const scope = shopScope(session.shop);
  const ctx = await offerContext(session);
  const url = new URL(request.url);
  const cursors = { before: url.searchParams.get("before"), after: url.searchParams.get("after") };
  const [page, health] = await Promise.all([deliveriesPage(scope, cursors), deliveryHealth(scope)]);
  return {
    health,
    paging: {
      next: page.hasNext ? `?before=${page.nextCursor}` : null,
      previous: page.hasPrevious ? `?after=${page.previousCursor}` : null,
    },
    deliveries: page.rows.map((row) => ({
      id: row.id,
      topic: row.topic,
      status: row.status as WebhookDeliveryStatus,
      receivedAt: formatDateTime(row.receivedAt, ctx),
      attempts: row.attempts,
      lastError: row.lastError,
    })),
  };
};

/** Each state in the merchant's words (the health figures and the badges). */
const STATUS_WORDS: Record<WebhookDeliveryStatus, string> = {
  PROCESSED: "Processed",
  IGNORED: "Not for this app",
  RECEIVED: "Waiting",
  PROCESSING: "Processing",
  FAILED: "Failed, will retry",
  MALFORMED: "Unreadable, kept",
  DEAD: "Gave up, kept",
};

const HEALTH = (["PROCESSED", "IGNORED", "RECEIVED", "FAILED", "MALFORMED", "DEAD"] as const).map(
  (status) => [status, STATUS_WORDS[status]] as const,
);

const TONES: Record<WebhookDeliveryStatus, "success" | "info" | "critical" | "warning" | undefined> = {
  PROCESSED: "success",
  IGNORED: undefined,
  RECEIVED: "info",
  FAILED: "warning",
  MALFORMED: "critical",
  PROCESSING: "info",
  DEAD: "critical",
};

export default function Deliveries() {
  const { deliveries, health, paging } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  return (
    <Page title="Webhook deliveries" subtitle="What Shopify sent the app, and what became of it">
      <BlockStack gap="400">
        <Card>
          <InlineGrid columns={{ xs: 2, md: 6 }} gap="300">
            {HEALTH.map(([status, label]) => (
              <BlockStack key={status} gap="100">
                <Text as="p" tone="subdued">
                  {label}
                </Text>
                <Text as="p" variant="headingLg">
                  {String(health[status] ?? 0)}
                </Text>
              </BlockStack>
            ))}
          </InlineGrid>
        </Card>
        <Card padding="0">
          {deliveries.length === 0 ? (
            <EmptyState heading="No deliveries yet" image="">
              <p>
                {"Shopify's notifications about orders, payment terms and selling plans appear here as they arrive."}
              </p>
            </EmptyState>
          ) : (
            <IndexTable
              resourceName={{ singular: "delivery", plural: "deliveries" }}
              itemCount={deliveries.length}
              selectable={false}
              headings={[{ title: "Topic" }, { title: "Status" }, { title: "Received" }, { title: "Problem" }]}
              pagination={{
                hasPrevious: paging.previous !== null,
                previousTooltip: "Newer deliveries",
                onPrevious: () => paging.previous && navigate(`/app/deliveries${paging.previous}`),
                hasNext: paging.next !== null,
                nextTooltip: "Older deliveries",
                onNext: () => paging.next && navigate(`/app/deliveries${paging.next}`),
                label: "Newest first",
              }}
            >
              {deliveries.map((delivery, index) => (
                <IndexTable.Row id={delivery.id} key={delivery.id} position={index}>
                  <IndexTable.Cell>
                    <Text as="span" fontWeight="semibold">
                      {delivery.topic}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge tone={TONES[delivery.status]}>{STATUS_WORDS[delivery.status]}</Badge>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{delivery.receivedAt}</IndexTable.Cell>
                  <IndexTable.Cell>{delivery.lastError ?? ""}</IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          )}
        </Card>
      </BlockStack>
    </Page>
  );
}
