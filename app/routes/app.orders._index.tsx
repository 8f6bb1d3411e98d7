// Deferred orders: every order bought with one of the shop's offers, what is still owed and when, filtered by status;
// and the search of existing orders (backfill) the merchant can start, followed here until it ends.
import { useEffect } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate, useRevalidator } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Card,
  EmptyState,
  IndexTable,
  InlineStack,
  Link,
  Page,
  Tabs,
  Text,
} from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { authenticate, startBackfill } from "../shopify.server";
import { offerContext } from "../services/offers.server";
import { readOrdersList } from "../services/orders-page.server";
import {
  backfillBanner,
  matchesFilter,
  orderListItem,
  parseOrderFilter,
  sortForList,
  type OrderListItem,
} from "../components/orders/view";
import {
  CATEGORY_LABELS,
  CATEGORY_TONES,
  FILTER_EMPTY_TEXT,
  ORDER_FILTERS,
  RETURN_BADGE,
  STATUS_BADGES,
} from "../components/orders/labels";
import { OFFERS_EMPTY_STATE_IMAGE } from "../components/offers/empty-state-illustration";

/** How often the page asks again while a search runs, and while it waits out a retry after an error. */
const POLL_MS = 2_000;
const RETRY_POLL_MS = 15_000;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const ctx = await offerContext(session);
  const filter = parseOrderFilter(new URL(request.url).searchParams.get("status"));
  const { rows, run } = await readOrdersList(ctx);
  return {
    filter,
    totalCount: rows.length,
    orders: sortForList(rows.filter((row) => matchesFilter(row.status, filter))).map((row) => orderListItem(row, ctx)),
    backfill: run ? backfillBanner(run, ctx) : null,
  };
};

type ActionResult = { ok: true } | { ok: false; error: string };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  if (form.get("intent") !== "backfill")
    return data<ActionResult>({ ok: false, error: "Unknown action." }, { status: 400 });
  // Returns the search already queued or running, if any: asking twice does not search twice.
  await startBackfill(session.shop, "MANUAL");
  return data<ActionResult>({ ok: true });
};

export default function DeferredOrders() {
  const { orders, filter, totalCount, backfill } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const search = useFetcher<ActionResult>();
  const { revalidate, state: revalidation } = useRevalidator();
  const starting = search.state !== "idle";
  const searching = starting || backfill?.active === true;

  // Follow a running search: ask again shortly after each answer until it has ended.
  useEffect(() => {
    if (!backfill?.active || revalidation !== "idle") return;
    const timer = setTimeout(revalidate, backfill.waitingToRetry ? RETRY_POLL_MS : POLL_MS);
    return () => clearTimeout(timer);
  }, [backfill, revalidation, revalidate]);

  const findExisting = () => search.submit({ intent: "backfill" }, { method: "post" });
  const selectedTab = Math.max(
    0,
    ORDER_FILTERS.findIndex((option) => option.id === filter),
  );
  const startError = search.data && !search.data.ok ? search.data.error : null;

  return (
    <Page
      title="Deferred orders"
      subtitle="Orders with a balance to pay later: pre-orders and try before you buy"
      secondaryActions={[
        { content: "Find existing orders", onAction: findExisting, loading: starting, disabled: searching },
      ]}
    >
      <TitleBar title="Deferred orders" />
      <BlockStack gap="400">
        {startError ? (
          <Banner tone="critical">
            <p>{startError}</p>
          </Banner>
        ) : null}
        {backfill ? (
          <Banner tone={backfill.tone} title={backfill.title}>
            <p>{backfill.message}</p>
          </Banner>
        ) : null}
        <Card padding="0">
          {totalCount === 0 ? (
            <EmptyState
              heading="No deferred orders yet"
              action={{
                content: "Find existing orders",
                onAction: findExisting,
                loading: starting,
                disabled: searching,
              }}
              image={OFFERS_EMPTY_STATE_IMAGE}
            >
              <p>
                Orders appear here when customers buy with one of your offers and pay the rest later. Orders placed
                before the app was installed can be found with “Find existing orders”.
              </p>
            </EmptyState>
          ) : (
            <Tabs
              tabs={ORDER_FILTERS.map((option) => ({ id: `orders-${option.id}`, content: option.label }))}
              selected={selectedTab}
              onSelect={(index) => {
                const next = ORDER_FILTERS[index]?.id ?? "all";
                navigate(next === "all" ? "/app/orders" : `/app/orders?status=${next}`);
              }}
            >
              {orders.length === 0 ? (
                <Box padding="400">
                  <Text as="p" tone="subdued">
                    {FILTER_EMPTY_TEXT[filter]}
                  </Text>
                </Box>
              ) : (
                <OrdersTable orders={orders} />
              )}
            </Tabs>
          )}
        </Card>
      </BlockStack>
    </Page>
  );
}

function OrdersTable({ orders }: { orders: OrderListItem[] }) {
  return (
    <IndexTable
      resourceName={{ singular: "deferred order", plural: "deferred orders" }}
      itemCount={orders.length}
      selectable={false}
      headings={[
        { title: "Order" },
        { title: "Customer" },
        { title: "Kind" },
        { title: "Status" },
        { title: "Deposit paid", alignment: "end" },
        { title: "Balance due", alignment: "end" },
        { title: "Due date" },
      ]}
    >
      {orders.map((order, index) => {
        const status = STATUS_BADGES[order.status];
        return (
          <IndexTable.Row id={order.id} key={order.id} position={index}>
            <IndexTable.Cell>
              {/* A real link (not a clickable row) so the order opens with the keyboard and reads as a link. */}
              <Link url={`/app/orders/${order.pathId}`} removeUnderline monochrome dataPrimaryLink>
                <Text as="span" fontWeight="semibold">
                  {order.name}
                </Text>
              </Link>
            </IndexTable.Cell>
            <IndexTable.Cell>{order.customer ?? "No customer"}</IndexTable.Cell>
            <IndexTable.Cell>
              <Badge tone={CATEGORY_TONES[order.category]}>{CATEGORY_LABELS[order.category]}</Badge>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <InlineStack gap="100" wrap={false}>
                <Badge tone={status.tone}>{status.label}</Badge>
                {order.returnInProgress ? <Badge tone={RETURN_BADGE.tone}>{RETURN_BADGE.label}</Badge> : null}
              </InlineStack>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {order.received}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {order.balanceDue}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>{order.dueDate ?? "—"}</IndexTable.Cell>
          </IndexTable.Row>
        );
      })}
    </IndexTable>
  );
}
