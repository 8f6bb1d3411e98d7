// Deferred orders: the list of every order bought with one of the shop's offers, filtered, searched, sorted and paged
// in the database, the view held in the URL (saved views are tabs); bulk actions (charge now, payment reminder), the
// CSV of the view, and the search of existing orders (backfill), followed here until it ends.
import { useEffect } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { Banner, BlockStack, Card, EmptyState, Page } from "@shopify/polaris";
import { actOnBalance, appNow, authenticate, startBackfill } from "../shopify.server";
import { offerContext } from "../services/offers.server";
import { readOrdersList } from "../services/orders-page.server";
import { selectedOrders, sendPaymentReminders } from "../services/order-actions.server";
import { backfillBanner, orderListItem } from "../components/orders/view";
import { OrdersIndex, type BulkResult } from "../components/orders/OrdersIndex";
import { orderActionFailureText } from "../components/common/failure-messages";
import { useOrdersCsvDownload } from "../components/orders/csv-download";
import { orderListSearchParams, SAVED_ORDER_VIEWS, savedViewOf, todayIn } from "../domain/order-list";
import { OFFERS_EMPTY_STATE_IMAGE } from "../components/offers/empty-state-illustration";

/** How often the page asks again while a search runs, and while it waits out a retry after an error. */
const POLL_MS = 2_000;
const RETRY_POLL_MS = 15_000;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const ctx = await offerContext(session);
  const now = appNow();
  const search = new URL(request.url).searchParams;
  const list = await readOrdersList({ ...ctx, now }, search);
  const today = todayIn(ctx.timeZone, now);
  const page = (cursor: { after?: typeof list.page.next; before?: typeof list.page.previous }) =>
    orderListSearchParams(list.query, cursor).toString();
  return {
    view: { filters: list.query.filters, sort: list.query.sort, direction: list.query.direction },
    viewSearch: orderListSearchParams(list.query).toString(),
    savedView: savedViewOf(list.query, today),
    views: SAVED_ORDER_VIEWS.map((view) => ({
      id: view.id,
      label: view.label,
      search: orderListSearchParams(view.query(today)).toString(),
    })),
    problems: list.problems,
    orders: list.page.rows.map((row) => orderListItem(row, { ...ctx, now })),
    total: list.page.total,
    totalCapped: list.page.totalCapped,
    hasAnyOrder: list.currencies.length > 0,
    nextPage: list.page.next ? page({ after: list.page.next }) : null,
    previousPage: list.page.previous ? page({ before: list.page.previous }) : null,
    currencies: list.currencies,
    offers: list.offers,
    backfill: list.run ? backfillBanner(list.run, ctx) : null,
  };
};

type ActionResult = { ok: true; bulk?: BulkResult } | { ok: false; error: string };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "backfill") {
    // Returns the search already queued or running, if any: asking twice does not search twice.
    await startBackfill(session.shop, "MANUAL");
    return data<ActionResult>({ ok: true });
  }
  if (intent !== "charge-now" && intent !== "send-reminder") {
    return data<ActionResult>({ ok: false, error: "Unknown action." }, { status: 400 });
  }
  const orderIds = form.getAll("orderId").map(String);
  const ctx = await offerContext(session, { now: appNow });
  // Every selected id must be one of this shop's orders: otherwise nothing is done.
  const orders = await selectedOrders(ctx.db, ctx.shop, orderIds);
  if (!orders) return data<ActionResult>({ ok: false, error: "Not found" }, { status: 404 });
  const staff = sessionToken?.sub ? `gid://shopify/StaffMember/${sessionToken.sub}` : null;

  if (intent === "send-reminder") {
    const outcome = await sendPaymentReminders(ctx, orders, staff);
    return data<ActionResult>({
      ok: true,
      bulk: {
        action: "Payment reminder",
        done: outcome.done,
        skipped: outcome.skipped.map((item) => `${item.name}: ${item.why}`),
        failed: outcome.failed.map(
          (item) => `${item.name}: ${orderActionFailureText(item.failure, "whether the reminder was sent")}`,
        ),
      },
    });
  }
  const bulk: BulkResult = { action: "Charge now", done: [], skipped: [], failed: [] };
  for (const order of orders) {
    const result = await actOnBalance(session.shop, order.orderId, "CHARGE_NOW", staff, { wait: false });
    if ("refused" in result) bulk.skipped.push(`${order.orderName}: ${result.refused}`);
    else if ("notFound" in result) bulk.skipped.push(`${order.orderName}: not found`);
    else bulk.done.push(order.orderName);
  }
  return data<ActionResult>({ ok: true, bulk });
};

export default function DeferredOrders() {
  const page = useLoaderData<typeof loader>();
  const { backfill } = page;
  const { revalidate, state: revalidation } = useRevalidator();
  const csv = useOrdersCsvDownload(page.viewSearch);
  const search = useFetcher<ActionResult>();
  const starting = search.state !== "idle";
  const searching = starting || backfill?.active === true;
  const findExisting = () => search.submit({ intent: "backfill" }, { method: "post" });
  const startError = search.data && !search.data.ok ? search.data.error : null;

  // Follow a running search: ask again shortly after each answer until it has ended.
  useEffect(() => {
    if (!backfill?.active || revalidation !== "idle") return;
    const timer = setTimeout(revalidate, backfill.waitingToRetry ? RETRY_POLL_MS : POLL_MS);
    return () => clearTimeout(timer);
  }, [backfill, revalidation, revalidate]);

  return (
    <Page
      title="Deferred orders"
      subtitle="Orders with a balance to pay later: pre-orders and try before you buy"
      secondaryActions={[
        {
          content: "Export CSV",
          helpText: "Every order of this view, not only this page",
          onAction: () => void csv.download(),
          loading: csv.busy,
          disabled: page.total === 0,
        },
        { content: "Find existing orders", onAction: findExisting, loading: starting, disabled: searching },
      ]}
    >
      <BlockStack gap="400">
        {startError ? (
          <Banner tone="critical">
            <p>{startError}</p>
          </Banner>
        ) : null}
        {csv.error ? (
          <Banner tone="critical" onDismiss={csv.dismiss}>
            <p>{csv.error}</p>
          </Banner>
        ) : null}
        {backfill ? (
          <Banner tone={backfill.tone} title={backfill.title}>
            <p>{backfill.message}</p>
          </Banner>
        ) : null}
        {page.hasAnyOrder ? (
          <OrdersIndex page={page} onExportSelected={(ids) => void csv.download(ids)} />
        ) : (
          <Card>
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
          </Card>
        )}
      </BlockStack>
    </Page>
  );
}
