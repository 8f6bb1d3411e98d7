// Privacy requests: customers' data requests Shopify forwarded, and for each, what the app holds about the customer,
// to read or download as JSON and send on (Shopify gives the merchant 30 days).
import { useCallback } from "react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link as RemixLink, useLoaderData } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  Card,
  EmptyState,
  IndexTable,
  InlineStack,
  Page,
  Text,
} from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import { dataRequestReport, listDataRequests } from "../services/privacy.server";
import { shopScope } from "../services/shop-scope.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const selectedId = new URL(request.url).searchParams.get("request");
  const scope = shopScope(session.shop);
  const requests = await listDataRequests(scope);
  const selected = selectedId ? await dataRequestReport(scope, selectedId) : null;
  return {
    requests: requests.map((item) => ({ ...item, receivedAt: item.receivedAt.toISOString() })),
    selected: selected
      ? {
          id: selected.request.id,
          dataRequestId: selected.request.dataRequestId,
          customerEmail: selected.request.customerEmail,
          json: JSON.stringify(selected.report, null, 2),
        }
      : null,
    notFound: Boolean(selectedId) && !selected,
  };
};

const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

export default function PrivacyRequests() {
  const { requests, selected, notFound } = useLoaderData<typeof loader>();
  const download = useCallback(() => {
    if (!selected) return;
    const blob = new Blob([selected.json], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const anchor = document.createElement("a");
    anchor.href = url;
    anchor.download = `data-request-${selected.dataRequestId ?? selected.id}.json`;
    anchor.click();
    URL.revokeObjectURL(url);
  }, [selected]);

  return (
    <Page title="Privacy requests">
      <BlockStack gap="400">
        <Text as="p" tone="subdued">
          When a customer asks a store for their data, Shopify forwards the request to every app. Send the customer what
          this app holds (their deferred orders) within 30 days.
        </Text>
        {notFound ? (
          <Text as="p" tone="critical">
            This request does not exist in this store.
          </Text>
        ) : null}
        {selected ? (
          <Card>
            <BlockStack gap="300">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  {`Data request ${selected.dataRequestId ?? ""}${selected.customerEmail ? ` — ${selected.customerEmail}` : ""}`}
                </Text>
                <Button onClick={download} variant="primary">
                  Download JSON
                </Button>
              </InlineStack>
              <Box background="bg-surface-secondary" padding="300" borderRadius="200">
                <pre
                  aria-label="Data the app holds"
                  style={{ margin: 0, whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}
                >
                  {selected.json}
                </pre>
              </Box>
            </BlockStack>
          </Card>
        ) : null}
        <Card padding="0">
          {requests.length === 0 ? (
            <EmptyState heading="No data requests" image="">
              <p>Customers&apos; requests for their data appear here when Shopify forwards them.</p>
            </EmptyState>
          ) : (
            <IndexTable
              resourceName={{ singular: "request", plural: "requests" }}
              itemCount={requests.length}
              selectable={false}
              headings={[{ title: "Received" }, { title: "Customer" }, { title: "Orders named" }, { title: "Status" }]}
            >
              {requests.map((item, index) => (
                <IndexTable.Row id={item.id} key={item.id} position={index}>
                  <IndexTable.Cell>
                    <RemixLink to={`/app/privacy?request=${encodeURIComponent(item.id)}`}>
                      {dateTime.format(new Date(item.receivedAt))}
                    </RemixLink>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{item.customerEmail ?? item.customerId ?? "Unknown customer"}</IndexTable.Cell>
                  <IndexTable.Cell>{item.ordersRequested.length}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge tone={item.status === "PROCESSED" ? "success" : "warning"}>
                      {item.status === "PROCESSED" ? "Ready" : "Not processed yet"}
                    </Badge>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          )}
        </Card>
      </BlockStack>
    </Page>
  );
}
