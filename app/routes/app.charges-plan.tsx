// The next charge run, before it happens: which balances it charges and for how much (totals per currency), and why
// each other open balance waits. The charge engine's own plan, read from the app's ledger; nothing is charged here.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, EmptyState, IndexTable, InlineGrid, Link, Page, Text } from "@shopify/polaris";
import { appNow, authenticate } from "../shopify.server";
import { offerContext } from "../services/offers.server";
import { planCharges } from "../services/charges.server";
import { formatDateTime, formatDay, orderPathId } from "../components/orders/view";
import { formatMoney, parseMoney } from "../domain/money";

const ACTIONS = {
  CHARGE: { label: "Charged next run", tone: "success" },
  IN_PROGRESS: { label: "Charging", tone: "info" },
  NEEDS_ATTENTION: { label: "Needs attention", tone: "critical" },
  WAIT: { label: "Waits", tone: undefined },
} as const;
const ORDER = ["CHARGE", "IN_PROGRESS", "NEEDS_ATTENTION", "WAIT"] as const;
/** Balances listed of each kind, soonest due first; the counts and totals above the table cover every one. */
const ROWS_PER_ACTION = 100;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const ctx = await offerContext(session);
  const now = appNow();
  const plan = await planCharges(ctx.db, ctx.shop, now, { rowsPerAction: ROWS_PER_ACTION });
  const money = (amount: string, currency: string) => formatMoney(parseMoney(amount, currency), ctx.locale);
  const rows = [...plan.charges].sort(
    (a, b) => ORDER.indexOf(a.action) - ORDER.indexOf(b.action) || (a.dueAt ?? "~").localeCompare(b.dueAt ?? "~"),
  );
  return {
    at: formatDateTime(now, ctx),
    totals: Object.entries(plan.totals).map(([currency, amount]) => ({ currency, amount: money(amount, currency) })),
    counts: ORDER.map((action) => ({ action, count: plan.counts[action] })),
    /** Open balances in all, when the table lists fewer. */
    unlisted: ORDER.some((action) => plan.counts[action] > ROWS_PER_ACTION)
      ? ORDER.reduce((sum, action) => sum + plan.counts[action], 0)
      : null,
    rows: rows.map((row) => ({
      id: row.chargeId ?? row.orderId,
      orderName: row.orderName,
      pathId: orderPathId(row.orderId),
      amount: money(row.amount, row.currency),
      due: row.dueAt ? formatDay(new Date(row.dueAt), ctx) : "On fulfilment",
      action: row.action,
      why: row.why,
    })),
  };
};

export default function ChargesPlan() {
  const page = useLoaderData<typeof loader>();
  return (
    <Page
      title="Next charge run"
      subtitle={`What the app would charge if it ran now (${page.at}), and why the rest waits. Nothing is charged here.`}
    >
      <BlockStack gap="400">
        <Card>
          <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
            <BlockStack gap="100">
              <Text as="h2" variant="headingMd">
                Charged next run
              </Text>
              {page.totals.length === 0 ? (
                <Text as="p" variant="headingLg">
                  Nothing
                </Text>
              ) : (
                page.totals.map((total) => (
                  <Text as="p" variant="headingLg" key={total.currency}>
                    {total.amount}
                  </Text>
                ))
              )}
            </BlockStack>
            <BlockStack gap="100">
              {page.counts.map((entry) => (
                <Text as="p" key={entry.action}>
                  {`${ACTIONS[entry.action].label}: ${entry.count.toLocaleString("en")}`}
                </Text>
              ))}
            </BlockStack>
          </InlineGrid>
        </Card>
        <Card padding="0">
          <IndexTable
            resourceName={{ singular: "balance", plural: "balances" }}
            itemCount={page.rows.length}
            selectable={false}
            emptyState={
              <EmptyState heading="No open balances" image="">
                <p>Every balance is collected, closed or not yet taken in.</p>
              </EmptyState>
            }
            headings={[
              { title: "Order" },
              { title: "Next run" },
              { title: "Amount", alignment: "end" },
              { title: "Due" },
              { title: "Why" },
            ]}
          >
            {page.rows.map((row, index) => (
              <IndexTable.Row id={row.id} key={row.id} position={index}>
                <IndexTable.Cell>
                  <Link url={`/app/orders/${row.pathId}`} removeUnderline>
                    {row.orderName}
                  </Link>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Badge tone={ACTIONS[row.action].tone}>{ACTIONS[row.action].label}</Badge>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {row.amount}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>{row.due}</IndexTable.Cell>
                <IndexTable.Cell>{row.why}</IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
        {page.unlisted !== null ? (
          <Text as="p" tone="subdued">
            {`The table lists the first ${ROWS_PER_ACTION} balances of each kind, soonest due first. The counts and ` +
              `totals above cover all ${page.unlisted.toLocaleString("en")} open balances.`}
          </Text>
        ) : null}
      </BlockStack>
    </Page>
  );
}
