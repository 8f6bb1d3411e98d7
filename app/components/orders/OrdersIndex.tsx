// The deferred orders list: saved views as tabs, search, filters and sort (IndexFilters), the table with bulk actions
// and cursor pages. Every change is a navigation to the view's URL: the server filters, sorts and pages; the URL can be
// shared and reloaded.
import { useCallback, useEffect, useRef, useState } from "react";
import { useFetcher, useNavigate, useNavigation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  ChoiceList,
  EmptyState,
  IndexFilters,
  IndexFiltersMode,
  IndexTable,
  InlineStack,
  Link,
  Text,
  TextField,
  useIndexResourceState,
  useSetIndexFiltersMode,
  type IndexFiltersProps,
} from "@shopify/polaris";
import {
  emptyFilters,
  ORDER_KINDS,
  ORDER_SORT_KEYS,
  ORDER_STATUS_FILTERS,
  orderListSearchParams,
  type OrderListFilters,
  type OrderListProblem,
  type OrderSortKey,
  type OrderStatusFilter,
  type SortDirection,
} from "../../domain/order-list";
import { CATEGORY_LABELS, CATEGORY_TONES, RETURN_BADGE, STATUS_BADGES } from "./labels";
import type { OrderListItem } from "./view";
import { useConfirmationFocus } from "../common/confirmation-focus";

export interface OrdersIndexData {
  view: { filters: OrderListFilters; sort: OrderSortKey; direction: SortDirection };
  savedView: string | null;
  views: ReadonlyArray<{ id: string; label: string; search: string }>;
  problems: readonly OrderListProblem[];
  orders: readonly OrderListItem[];
  total: number;
  /** More orders than were counted: the total reads "10,000+". */
  totalCapped: boolean;
  nextPage: string | null;
  previousPage: string | null;
  currencies: readonly string[];
  offers: ReadonlyArray<{ id: string; name: string }>;
}

/** What a bulk action did, order by order, as the action answers it. */
export interface BulkResult {
  action: string;
  done: string[];
  skipped: string[];
  failed: string[];
}

type BulkIntent = "charge-now" | "send-reminder";

const STATUS_FILTER_LABELS: Record<OrderStatusFilter, string> = {
  open: "Balance due",
  overdue: "Overdue",
  attention: "Needs attention",
  failed: "Charge failed",
  paid: "Paid",
  cancelled: "Cancelled",
};

const SORT_LABELS: Record<OrderSortKey, { label: string; asc: string; desc: string }> = {
  due: { label: "Due date", asc: "Soonest first", desc: "Latest first" },
  balance: { label: "Balance due", asc: "Lowest first", desc: "Highest first" },
  ordered: { label: "Order date", asc: "Oldest first", desc: "Newest first" },
};

const SORT_OPTIONS: IndexFiltersProps["sortOptions"] = ORDER_SORT_KEYS.flatMap((key) =>
  (["asc", "desc"] as const).map((direction) => ({
    label: SORT_LABELS[key].label,
    value: `${key} ${direction}` as const,
    directionLabel: SORT_LABELS[key][direction],
  })),
);

const LIST_PATH = "/app/orders";
const SEARCH_DELAY_MS = 300;

export function OrdersIndex({
  page,
  onExportSelected,
}: {
  page: OrdersIndexData;
  /** Downloads the CSV of the selected orders (Shopify order ids). */
  onExportSelected: (orderIds: string[]) => void;
}) {
  const navigate = useNavigate();
  const navigation = useNavigation();
  const loading = navigation.state === "loading" && navigation.location?.pathname === LIST_PATH;
  const { filters, sort, direction } = page.view;
  // A view that searches, or filters beyond a saved view, opens with its search and filters showing.
  const filtered =
    filters.search !== null || (page.savedView === null && Object.values(filters).some((value) => value !== null));
  const { mode, setMode } = useSetIndexFiltersMode(filtered ? IndexFiltersMode.Filtering : IndexFiltersMode.Default);

  const go = useCallback(
    (next: Partial<OrderListFilters> | null, order: { sort: OrderSortKey; direction: SortDirection } = page.view) => {
      const params = orderListSearchParams({
        filters: next === null ? emptyFilters() : { ...filters, ...next },
        sort: order.sort,
        direction: order.direction,
      });
      const search = params.toString();
      navigate(search ? `${LIST_PATH}?${search}` : LIST_PATH);
    },
    [filters, navigate, page.view],
  );

  // The search box: typed text is applied after a pause; the box follows the URL when the view changes elsewhere.
  const [queryValue, setQueryValue] = useState(filters.search ?? "");
  const applied = useRef(filters.search ?? "");
  useEffect(() => {
    if ((filters.search ?? "") !== applied.current) {
      applied.current = filters.search ?? "";
      setQueryValue(applied.current);
    }
  }, [filters.search]);
  useEffect(() => {
    const text = queryValue.trim();
    if (text === applied.current) return;
    const timer = setTimeout(() => {
      applied.current = text;
      go({ search: text || null });
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [queryValue, go]);

  // The due-date range: typed as days, applied when a field is left or Enter is pressed.
  const [dueFrom, setDueFrom] = useState(filters.dueFrom ?? "");
  const [dueTo, setDueTo] = useState(filters.dueTo ?? "");
  useEffect(() => {
    setDueFrom(filters.dueFrom ?? "");
    setDueTo(filters.dueTo ?? "");
  }, [filters.dueFrom, filters.dueTo]);
  const applyDue = () => {
    if (dueFrom !== (filters.dueFrom ?? "") || dueTo !== (filters.dueTo ?? "")) {
      go({ dueFrom: dueFrom.trim() || null, dueTo: dueTo.trim() || null });
    }
  };
  const problemOf = (field: OrderListProblem["field"]) =>
    page.problems.find((problem) => problem.field === field)?.message;

  const choice = <T extends string>(
    key: keyof OrderListFilters,
    title: string,
    choices: ReadonlyArray<{ label: string; value: T }>,
  ) => (
    <ChoiceList
      title={title}
      titleHidden
      choices={[...choices]}
      selected={filters[key] ? [filters[key]!] : []}
      onChange={([value]) => go({ [key]: value ?? null })}
    />
  );

  const filterControls: IndexFiltersProps["filters"] = [
    {
      key: "status",
      label: "Status",
      shortcut: true,
      filter: choice(
        "status",
        "Status",
        ORDER_STATUS_FILTERS.map((value) => ({ value, label: STATUS_FILTER_LABELS[value] })),
      ),
    },
    {
      key: "kind",
      label: "Kind",
      shortcut: true,
      filter: choice(
        "kind",
        "Kind",
        ORDER_KINDS.map((value) => ({ value, label: CATEGORY_LABELS[value] })),
      ),
    },
    {
      key: "due",
      label: "Due date",
      shortcut: true,
      filter: (
        <BlockStack gap="200">
          <TextField
            label="Due on or after"
            helpText="YYYY-MM-DD"
            placeholder="YYYY-MM-DD"
            autoComplete="off"
            value={dueFrom}
            onChange={setDueFrom}
            onBlur={applyDue}
            error={problemOf("dueFrom")}
            connectedRight={<Button onClick={applyDue}>Apply</Button>}
          />
          <TextField
            label="Due on or before"
            helpText="YYYY-MM-DD"
            placeholder="YYYY-MM-DD"
            autoComplete="off"
            value={dueTo}
            onChange={setDueTo}
            onBlur={applyDue}
            error={problemOf("dueTo")}
          />
        </BlockStack>
      ),
    },
    ...(page.offers.length > 0
      ? [
          {
            key: "offer",
            label: "Offer",
            filter: choice(
              "offerId",
              "Offer",
              page.offers.map((offer) => ({ value: offer.id, label: offer.name })),
            ),
          },
        ]
      : []),
    ...(page.currencies.length > 1 || filters.currency
      ? [
          {
            key: "currency",
            label: "Currency",
            filter: choice(
              "currency",
              "Currency",
              page.currencies.map((code) => ({ value: code, label: code })),
            ),
          },
        ]
      : []),
  ];

  const appliedFilters: IndexFiltersProps["appliedFilters"] = [];
  if (filters.status) {
    appliedFilters.push({
      key: "status",
      label: `Status: ${STATUS_FILTER_LABELS[filters.status]}`,
      onRemove: () => go({ status: null }),
    });
  }
  if (filters.kind) {
    appliedFilters.push({
      key: "kind",
      label: `Kind: ${CATEGORY_LABELS[filters.kind]}`,
      onRemove: () => go({ kind: null }),
    });
  }
  if (filters.dueFrom || filters.dueTo) {
    const range = [filters.dueFrom ? `from ${filters.dueFrom}` : null, filters.dueTo ? `to ${filters.dueTo}` : null];
    appliedFilters.push({
      key: "due",
      label: `Due ${range.filter(Boolean).join(" ")}`,
      onRemove: () => go({ dueFrom: null, dueTo: null }),
    });
  }
  if (filters.offerId) {
    const name = page.offers.find((offer) => offer.id === filters.offerId)?.name ?? "a deleted offer";
    appliedFilters.push({ key: "offer", label: `Offer: ${name}`, onRemove: () => go({ offerId: null }) });
  }
  if (filters.currency) {
    appliedFilters.push({
      key: "currency",
      label: `Currency: ${filters.currency}`,
      onRemove: () => go({ currency: null }),
    });
  }

  const selectedTab = Math.max(
    0,
    page.views.findIndex((view) => view.id === page.savedView),
  );
  const tabs: IndexFiltersProps["tabs"] = page.views.map((view, index) => ({
    id: `orders-${view.id}`,
    content: view.label,
    index,
    isLocked: true,
    onAction: () => {},
  }));

  return (
    <BlockStack gap="400">
      {page.problems.length > 0 ? (
        <Banner tone="warning" title="The due date range was not applied">
          <p>{page.problems.map((problem) => problem.message).join(" ")}</p>
        </Banner>
      ) : null}
      <Card padding="0">
        <IndexFilters
          tabs={tabs}
          selected={selectedTab}
          onSelect={(index) => {
            const view = page.views[index];
            if (view) navigate(view.search ? `${LIST_PATH}?${view.search}` : LIST_PATH);
          }}
          canCreateNewView={false}
          queryValue={queryValue}
          queryPlaceholder="Search by order, customer name or email"
          onQueryChange={setQueryValue}
          onQueryClear={() => setQueryValue("")}
          sortOptions={SORT_OPTIONS}
          sortSelected={[`${sort} ${direction}`]}
          onSort={([value]) => {
            const [key, dir] = (value ?? "").split(" ");
            if ((ORDER_SORT_KEYS as readonly string[]).includes(key ?? "")) {
              go({}, { sort: key as OrderSortKey, direction: dir === "desc" ? "desc" : "asc" });
            }
          }}
          filters={filterControls}
          appliedFilters={appliedFilters}
          onClearAll={() => go(null, page.view)}
          mode={mode}
          setMode={setMode}
          cancelAction={{
            // Leaves the search: the view's filters stay (its tab shows again).
            onAction: () => {
              setQueryValue("");
              if (filters.search) go({ search: null });
            },
          }}
          loading={loading}
        />
        <OrdersTable page={page} onClearFilters={() => go(null, page.view)} onExportSelected={onExportSelected} />
      </Card>
    </BlockStack>
  );
}

function OrdersTable({
  page,
  onClearFilters,
  onExportSelected,
}: {
  page: OrdersIndexData;
  onClearFilters: () => void;
  onExportSelected: (orderIds: string[]) => void;
}) {
  const navigate = useNavigate();
  const bulk = useFetcher<{ ok: true; bulk?: BulkResult } | { ok: false; error: string }>();
  const [confirming, setConfirming] = useState<BulkIntent | null>(null);
  const confirmation = useConfirmationFocus(confirming);
  const rows = [...page.orders];
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } =
    useIndexResourceState(rows);
  const selected = allResourcesSelected ? rows.map((row) => row.id) : selectedResources;
  const names = rows.filter((row) => selected.includes(row.id)).map((row) => row.name);

  useEffect(() => {
    if (bulk.state === "idle" && bulk.data?.ok) {
      clearSelection();
      setConfirming(null);
    }
  }, [bulk.state, bulk.data, clearSelection]);

  const submit = (intent: BulkIntent) => {
    const form = new FormData();
    form.set("intent", intent);
    for (const id of selected) form.append("orderId", id);
    bulk.submit(form, { method: "post" });
  };
  const result = bulk.data;

  return (
    <>
      {confirming ? (
        <Banner
          ref={confirmation}
          tone="warning"
          title={
            confirming === "charge-now"
              ? `Charge the balance of ${names.length} ${names.length === 1 ? "order" : "orders"} now?`
              : `Email a payment reminder for ${names.length} ${names.length === 1 ? "order" : "orders"}?`
          }
        >
          <BlockStack gap="200">
            <p>
              {confirming === "charge-now"
                ? `Each customer's saved payment method is charged the balance now, before its due date: ${names.join(", ")}. This is recorded with your name.`
                : `Shopify emails each customer a reminder with a link to pay the balance: ${names.join(", ")}.`}
            </p>
            <InlineStack gap="200">
              <Button variant="primary" loading={bulk.state !== "idle"} onClick={() => submit(confirming)}>
                {confirming === "charge-now" ? "Charge now" : "Send reminders"}
              </Button>
              <Button onClick={() => setConfirming(null)}>Cancel</Button>
            </InlineStack>
          </BlockStack>
        </Banner>
      ) : null}
      {result && !result.ok ? (
        <Banner tone="critical">
          <p>
            {result.error === "Not found"
              ? "Some of the selected orders no longer exist. Reload the page."
              : result.error}
          </p>
        </Banner>
      ) : null}
      {result?.ok && result.bulk ? <BulkOutcome result={result.bulk} /> : null}
      <IndexTable
        resourceName={{ singular: "deferred order", plural: "deferred orders" }}
        itemCount={rows.length}
        selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
        onSelectionChange={handleSelectionChange}
        promotedBulkActions={[
          { content: "Charge now", onAction: () => setConfirming("charge-now") },
          { content: "Send payment reminder", onAction: () => setConfirming("send-reminder") },
          { content: "Export selected as CSV", onAction: () => onExportSelected(selected) },
        ]}
        emptyState={
          <EmptyState
            heading="No orders match this view"
            action={{ content: "Clear filters", onAction: onClearFilters }}
            image=""
          >
            <p>Try another view, or change the filters or the search.</p>
          </EmptyState>
        }
        headings={[
          { title: "Order" },
          { title: "Customer" },
          { title: "Kind" },
          { title: "Status" },
          { title: "Paid", alignment: "end" },
          { title: "Balance due", alignment: "end" },
          { title: "Due date" },
        ]}
        pagination={{
          hasNext: page.nextPage !== null,
          hasPrevious: page.previousPage !== null,
          onNext: () => page.nextPage && navigate(`${LIST_PATH}?${page.nextPage}`),
          onPrevious: () => page.previousPage && navigate(`${LIST_PATH}?${page.previousPage}`),
          label: `${page.total.toLocaleString("en")}${page.totalCapped ? "+" : ""} ${page.total === 1 ? "order" : "orders"}`,
        }}
      >
        {rows.map((order, index) => (
          <OrderRow key={order.id} order={order} position={index} selected={selected.includes(order.id)} />
        ))}
      </IndexTable>
    </>
  );
}

function OrderRow({ order, position, selected }: { order: OrderListItem; position: number; selected: boolean }) {
  const status = order.overdue ? { label: "Overdue", tone: "critical" as const } : STATUS_BADGES[order.status];
  return (
    <IndexTable.Row id={order.id} position={position} selected={selected}>
      <IndexTable.Cell>
        {/* A real link (not a clickable row) so the order opens with the keyboard and reads as a link. */}
        <Link url={`/app/orders/${order.pathId}`} removeUnderline monochrome dataPrimaryLink>
          <Text as="span" fontWeight="semibold">
            {order.name}
          </Text>
        </Link>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <BlockStack>
          <Text as="span">{order.customer ?? "No customer"}</Text>
          {order.email ? (
            <Text as="span" variant="bodySm" tone="subdued">
              {order.email}
            </Text>
          ) : null}
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Badge tone={CATEGORY_TONES[order.category]}>{CATEGORY_LABELS[order.category]}</Badge>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <InlineStack gap="100" wrap={false}>
          <Badge tone={status.tone}>{status.label}</Badge>
          {order.chargeFailed ? <Badge tone="critical">Charge failed</Badge> : null}
          {order.needsAttention && !order.chargeFailed ? <Badge tone="warning">Needs attention</Badge> : null}
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
}

function BulkOutcome({ result }: { result: BulkResult }) {
  const tone = result.failed.length > 0 ? "critical" : result.skipped.length > 0 ? "warning" : "success";
  const title =
    result.done.length > 0
      ? `${result.action}: ${result.done.length} ${result.done.length === 1 ? "order" : "orders"} (${result.done.join(", ")})`
      : `${result.action}: nothing was done`;
  return (
    <Banner tone={tone} title={title}>
      <BlockStack gap="100">
        {result.skipped.map((line) => (
          <p key={line}>{`Skipped ${line}`}</p>
        ))}
        {result.failed.map((line) => (
          <p key={line}>{`Failed ${line}`}</p>
        ))}
      </BlockStack>
    </Banner>
  );
}
