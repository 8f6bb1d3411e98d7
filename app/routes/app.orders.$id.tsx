// One deferred order: what the customer paid and owes, when, its lines, moving its due date, and every due date change.
import { useEffect, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Card,
  DescriptionList,
  IndexTable,
  InlineStack,
  Layout,
  Link,
  Page,
  Text,
  Thumbnail,
} from "@shopify/polaris";
import { ImageIcon } from "@shopify/polaris-icons";
import { actOnBalance, appNow, authenticate } from "../shopify.server";
import { refreshDeferredOrder } from "../services/deferred-orders.server";
import { selectedOrders, sendPaymentReminders } from "../services/order-actions.server";
import type { ChargeRequestKind } from "../domain/charge-request";
import { offerContext } from "../services/offers.server";
import { rescheduleDueDate } from "../services/reschedule.server";
import { readOrderDetail } from "../services/orders-page.server";
import { adminFailureOf } from "../services/admin-failures.server";
import {
  formatDay,
  historyEntry,
  orderDetail,
  orderGidFromParam,
  type HistoryEntry,
  type OrderDetail,
} from "../components/orders/view";
import { orderActionFailureText } from "../components/common/failure-messages";
import {
  CATEGORY_LABELS,
  CATEGORY_TONES,
  NOT_RESCHEDULABLE,
  RETURN_BADGE,
  STATUS_BADGES,
  paymentTermsLabel,
} from "../components/orders/labels";
import { rescheduleFormFields, type RescheduleActionResult } from "../components/orders/reschedule";
import { RescheduleCard } from "../components/orders/RescheduleCard";
import { ChargeCard, type ChargeIntent, type ChargeNowResult } from "../components/orders/ChargeCard";

/** The page's balance actions that are requests for the charge's own unit of work (each confirmed first). */
const BALANCE_REQUESTS: Partial<Record<ChargeIntent, ChargeRequestKind>> = {
  "charge-now": "CHARGE_NOW",
  "stop-collecting": "STOP",
  "record-paid": "RECORD_PAID",
  resume: "RESUME",
  "end-attempt": "END_ATTEMPT",
};
import { chargeView } from "../components/orders/charges";
import { showToast } from "../components/offers/app-bridge";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const orderId = orderGidFromParam(params.id);
  const ctx = await offerContext(session);
  const read = orderId ? await readOrderDetail(ctx, orderId) : null;
  if (!read) return data({ found: false as const }, { status: 404 });
  return {
    found: true as const,
    order: {
      ...orderDetail(read.order, read.offers, { ...ctx, now: ctx.now() }),
      adminUrl: `https://admin.shopify.com/store/${ctx.shop.replace(/\.myshopify\.com$/, "")}/orders/${params.id}`,
    },
    history: read.changes.map((change) => historyEntry(change, ctx)),
    charges: read.charges.map((charge) => chargeView(charge, ctx)),
  };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const reply = (result: RescheduleActionResult, status = 200) => data(result, { status });
  const orderId = orderGidFromParam(params.id);
  const form = await request.formData().catch(() => null);
  if (!orderId) return reply({ ok: false, reason: "NOT_FOUND" }, 404);
  if (!form) return reply({ ok: false, reason: "FAILED", message: "Send the action as a form." }, 400);
  const intent = form.get("intent");
  const requestKind =
    typeof intent === "string" && Object.hasOwn(BALANCE_REQUESTS, intent)
      ? BALANCE_REQUESTS[intent as ChargeIntent]
      : undefined;
  if (intent === "send-reminder" || requestKind) {
    // Confirmed in the page; recorded with the staff member (the session token's subject).
    const ctx = await offerContext(session, { now: appNow });
    const staff = sessionToken?.sub ? `gid://shopify/StaffMember/${sessionToken.sub}` : null;
    const reply = (answer: ChargeNowResult, status = 200) => data(answer, { status });
    const chargeIntent = intent as ChargeIntent;
    if (requestKind) {
      if (!(await selectedOrders(ctx.db, ctx.shop, [orderId]))) {
        return reply({ intent: chargeIntent, ok: false, message: "Not found" }, 404);
      }
      const answer = await actOnBalance(session.shop, orderId, requestKind, staff);
      if ("notFound" in answer) return reply({ intent: chargeIntent, ok: false, message: "Not found" }, 404);
      if ("refused" in answer) return reply({ intent: chargeIntent, ok: false, message: answer.refused }, 409);
      if (answer.status === "APPLIED" && requestKind === "RECORD_PAID") {
        // The order as Shopify has it now, so the page shows it paid without waiting for the webhook.
        await refreshDeferredOrder(ctx, ctx.admin, orderId).catch(() => undefined);
      }
      if (answer.status === "DECLINED") return reply({ intent: chargeIntent, ok: false, message: answer.message }, 409);
      return reply(
        { intent: chargeIntent, ok: true, pending: answer.status === "PENDING", message: answer.message },
        answer.status === "PENDING" ? 202 : 200,
      );
    }
    const orders = await selectedOrders(ctx.db, ctx.shop, [orderId]);
    if (!orders) return reply({ intent: "send-reminder", ok: false, message: "Not found" }, 404);
    const outcome = await sendPaymentReminders(ctx, orders, staff);
    if (outcome.done.length > 0) {
      return reply({ intent: "send-reminder", ok: true, message: "Payment reminder sent to the customer." });
    }
    if (outcome.skipped.length > 0) {
      const why = outcome.skipped[0]!.why;
      return reply({ intent: "send-reminder", ok: false, message: `Not sent: ${why}.` }, 409);
    }
    return reply(
      {
        intent: "send-reminder",
        ok: false,
        message: orderActionFailureText(outcome.failed[0]!.failure, "whether it was sent"),
      },
      502,
    );
  }
  if (intent !== "reschedule") return reply({ ok: false, reason: "FAILED", message: "Unknown action." }, 400);

  const ctx = await offerContext(session);
  const fields = rescheduleFormFields(form);
  const dueDate = fields.dueDate ?? "";
  // The staff member acting, recorded with the change (the embedded session token's subject).
  const staffUserId = sessionToken?.sub ?? null;
  try {
    const result = await rescheduleDueDate({ ...ctx, staffUserId }, orderId, fields);
    if (result.ok) return reply({ ok: true, dueDate: formatDay(result.dueAt, ctx) });
    switch (result.reason) {
      case "NOT_FOUND":
        return reply(result, 404);
      case "NEEDS_CONFIRMATION":
        return reply({
          ok: false,
          reason: "NEEDS_CONFIRMATION",
          from: result.from ? formatDay(result.from, ctx) : "when the order is fulfilled",
          to: formatDay(result.to, ctx),
          dueDate,
          earlier: result.earlier,
          shipsBy: result.shipsAt ? formatDay(result.shipsAt, ctx) : null,
        });
      default:
        return reply({ ok: false, reason: result.reason, fieldErrors: result.fieldErrors, dueDate }, 422);
    }
  } catch (error) {
    return reply(
      {
        ok: false,
        reason: "FAILED",
        message: orderActionFailureText(adminFailureOf(error, session.shop, "rescheduleDueDate")),
      },
      502,
    );
  }
};

export default function DeferredOrderPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const chargeResult = actionData && "intent" in actionData ? (actionData as ChargeNowResult) : undefined;
  const result = actionData && !("intent" in actionData) ? actionData : undefined;
  const navigation = useNavigation();
  const chargeIntents = ["charge-now", "send-reminder", "record-paid", "stop-collecting"];
  const charging =
    navigation.state === "submitting" && chargeIntents.includes(String(navigation.formData?.get("intent")));
  const [notice, setNotice] = useState<string | null>(null);
  const submitting = navigation.state === "submitting" && navigation.formData?.get("intent") === "reschedule";

  useEffect(() => {
    if (!result?.ok) return;
    const message = `Due date moved to ${result.dueDate}`;
    // Without App Bridge (no admin around the app) the page says it itself.
    setNotice(showToast(message) ? null : message);
  }, [result]);

  if (!page.found || (result && !result.ok && result.reason === "NOT_FOUND")) {
    return (
      <Page title="Order not found" backAction={{ content: "Deferred orders", url: "/app/orders" }}>
        <Banner tone="warning" title="This store has no deferred order with this number">
          <p>Go back to the deferred orders to find the order you are looking for.</p>
        </Banner>
      </Page>
    );
  }

  const { order, history, charges } = page;
  const status = STATUS_BADGES[order.status];

  return (
    <Page
      title={order.name}
      titleMetadata={
        <InlineStack gap="200">
          <Badge tone={status.tone}>{status.label}</Badge>
          {order.returnInProgress ? <Badge tone={RETURN_BADGE.tone}>{RETURN_BADGE.label}</Badge> : null}
          <Badge tone={CATEGORY_TONES[order.category]}>{CATEGORY_LABELS[order.category]}</Badge>
        </InlineStack>
      }
      backAction={{ content: "Deferred orders", url: "/app/orders" }}
      secondaryActions={[{ content: "Open in Shopify admin", url: page.order.adminUrl, external: true }]}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {notice ? (
              <Banner tone="success" onDismiss={() => setNotice(null)}>
                <p>{notice}</p>
              </Banner>
            ) : null}
            <SummaryCard order={order} />
            <ChargeCard charges={charges} balanceDue={order.balanceDue} result={chargeResult} submitting={charging} />
            {order.status === "OPEN" ? (
              <RescheduleCard
                // A new due date (after a save, or a change in Shopify) starts the form again from it.
                key={order.dueAtKey}
                currentDueDate={order.dueDate}
                initialDate={order.dueDateInput}
                dueOnFulfillment={order.dueOnFulfillment}
                returnInProgress={order.returnInProgress}
                earliestDate={order.earliestDate}
                latestDate={order.latestDate}
                result={result}
                submitting={submitting}
              />
            ) : (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Reschedule
                  </Text>
                  <Text as="p">{NOT_RESCHEDULABLE[order.status]}</Text>
                </BlockStack>
              </Card>
            )}
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <LinesCard lines={order.lines} />
        </Layout.Section>
        <Layout.Section>
          <HistoryCard history={history} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function SummaryCard({ order }: { order: OrderDetail }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Summary
        </Text>
        {order.status === "OPEN" && !order.hasSavedPaymentMethod ? (
          <Banner tone="warning">
            <p>No saved payment method: the balance cannot be charged automatically.</p>
          </Banner>
        ) : null}
        <DescriptionList
          gap="tight"
          items={[
            { term: "Customer", description: order.customer ?? "No customer" },
            { term: "Kind", description: CATEGORY_LABELS[order.category] },
            { term: "Total", description: order.total },
            ...order.payments,
            { term: "Balance due", description: order.balanceDue },
            { term: "Due date", description: order.status === "OPEN" ? order.dueDate : "Nothing due" },
            { term: "Payment terms", description: paymentTermsLabel(order.paymentTermsType) },
            {
              term: "Saved payment method",
              description: order.paymentMethod ?? (order.hasSavedPaymentMethod ? "Saved card" : "None"),
            },
            { term: "Fulfillment", description: order.fulfillment },
            { term: "Last read from Shopify", description: order.lastSynced },
          ]}
        />
      </BlockStack>
    </Card>
  );
}

function LinesCard({ lines }: { lines: OrderDetail["lines"] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Items
        </Text>
        <BlockStack gap="300" as="ul">
          {lines.map((line) => (
            <InlineStack key={line.id} gap="300" wrap={false} blockAlign="start" as="li">
              <Thumbnail source={line.imageUrl ?? ImageIcon} alt={line.variant} size="small" />
              <BlockStack gap="050">
                <Text as="span" fontWeight="semibold">
                  {line.heading}
                </Text>
                {line.note ? (
                  <Text as="span" tone="caution">
                    {line.note}
                  </Text>
                ) : null}
                {line.unitPrice ? (
                  <Text as="span" tone="subdued">
                    {`${line.unitPrice} each`}
                  </Text>
                ) : null}
                {line.offer ? (
                  <Text as="span" tone="subdued">
                    {"On the offer "}
                    <Link url={`/app/offers/${line.offer.id}`}>{line.offer.name}</Link>
                  </Text>
                ) : (
                  <Text as="span" tone="subdued">
                    {line.otherPlan
                      ? "On a purchase option that is not one of this app's offers"
                      : "Paid in full at checkout"}
                  </Text>
                )}
              </BlockStack>
            </InlineStack>
          ))}
        </BlockStack>
      </BlockStack>
    </Card>
  );
}

function HistoryCard({ history }: { history: HistoryEntry[] }) {
  return (
    <Card padding="0">
      <Box padding="400">
        <Text as="h2" variant="headingMd">
          Due date history
        </Text>
      </Box>
      {history.length === 0 ? (
        <Box paddingInline="400" paddingBlockEnd="400">
          <Text as="p" tone="subdued">
            The due date has not been changed from the app.
          </Text>
        </Box>
      ) : (
        <IndexTable
          resourceName={{ singular: "change", plural: "changes" }}
          itemCount={history.length}
          selectable={false}
          headings={[{ title: "When" }, { title: "Change" }, { title: "Outcome" }, { title: "Note" }]}
        >
          {history.map((entry, index) => (
            <IndexTable.Row id={entry.id} key={entry.id} position={index}>
              <IndexTable.Cell>{entry.at}</IndexTable.Cell>
              <IndexTable.Cell>
                <InlineStack gap="200" blockAlign="center">
                  <Text as="span">{`${entry.from} → ${entry.to}`}</Text>
                  {entry.earlier ? (
                    <Badge tone="warning">{entry.confirmedEarlier ? "Earlier (confirmed)" : "Earlier"}</Badge>
                  ) : null}
                </InlineStack>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <BlockStack gap="100">
                  <span>
                    <Badge tone={entry.applied ? "success" : "critical"}>{entry.applied ? "Applied" : "Failed"}</Badge>
                  </span>
                  {entry.error ? (
                    <Text as="span" tone="critical" breakWord>
                      {entry.error}
                    </Text>
                  ) : null}
                </BlockStack>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" breakWord>
                  {entry.note ?? ""}
                </Text>
              </IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      )}
    </Card>
  );
}
