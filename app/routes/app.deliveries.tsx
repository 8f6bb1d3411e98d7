// Webhook deliveries received for this shop, newest first, with what became of each.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Card, EmptyState, IndexTable, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { authenticate } from "../shopify.server";
import type { WebhookDeliveryStatus } from "../domain/webhook-delivery";
import { recentDeliveries } from "../services/home.server";
import { shopScope } from "../services/shop-scope.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const rows = await recentDeliveries(shopScope(session.shop), 100);
  return {
    deliveries: rows.map((row) => ({
      id: row.id,
      topic: row.topic,
      status: row.status as WebhookDeliveryStatus,
      receivedAt: row.receivedAt.toISOString(),
      attempts: row.attempts,
      lastError: row.lastError,
    })),
  };
};

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
  const { deliveries } = useLoaderData<typeof loader>();
  return (
    <Page title="Webhook deliveries" backAction={{ url: "/app" }}>
      <TitleBar title="Webhook deliveries" />
      <Card padding="0">
        {deliveries.length === 0 ? (
          <EmptyState heading="No deliveries yet" image="">
            <p>{"Shopify's notifications about orders, payment terms and selling plans appear here as they arrive."}</p>
          </EmptyState>
        ) : (
          <IndexTable
            resourceName={{ singular: "delivery", plural: "deliveries" }}
            itemCount={deliveries.length}
            selectable={false}
            headings={[{ title: "Topic" }, { title: "Status" }, { title: "Received" }, { title: "Problem" }]}
          >
            {deliveries.map((delivery, index) => (
              <IndexTable.Row id={delivery.id} key={delivery.id} position={index}>
                <IndexTable.Cell>
                  <Text as="span" fontWeight="semibold">
                    {delivery.topic}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Badge tone={TONES[delivery.status]}>{delivery.status.toLowerCase()}</Badge>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  {new Date(delivery.receivedAt).toISOString().replace("T", " ").slice(0, 19)} UTC
                </IndexTable.Cell>
                <IndexTable.Cell>{delivery.lastError ?? ""}</IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
      </Card>
    </Page>
  );
}
