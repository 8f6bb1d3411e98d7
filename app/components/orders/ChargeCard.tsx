// The balance charge of an order: its state, why it needs a person (if it does), the staff actions (each confirmed
// first, each a request the charge's own unit applies), the requests still waiting for a payment in flight, and the
// ledger of every attempt and event. While a charge is in progress the page reads it again every few seconds, so its
// outcome shows without a reload.
import { useEffect, useState } from "react";
import { Form, useRevalidator } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, IndexTable, InlineStack, Text } from "@shopify/polaris";
import type { ChargeView } from "./charges";
import { useConfirmationFocus } from "../common/confirmation-focus";

const triggerId = (intent: ChargeIntent) => `charge-action-${intent}`;

/** What the staff member can do to the balance from here; each is confirmed first and recorded with them. */
export type ChargeIntent =
  "charge-now" | "send-reminder" | "record-paid" | "stop-collecting" | "resume" | "end-attempt";
/** `pending`: recorded, and waiting for a payment in flight (or the unit's current step) to end. */
export type ChargeNowResult =
  | { intent: ChargeIntent; ok: true; pending?: boolean; message?: string }
  | { intent: ChargeIntent; ok: false; message: string };

export function ChargeCard({
  charges,
  balanceDue,
  result,
  submitting,
}: {
  charges: ChargeView[];
  balanceDue: string;
  result?: ChargeNowResult;
  submitting: boolean;
}) {
  const charge = charges.at(-1);
  const [confirming, setConfirming] = useState<ChargeIntent | null>(null);
  const confirmation = useConfirmationFocus(confirming, triggerId);
  const revalidator = useRevalidator();
  const inProgress =
    Boolean(charge?.charging) ||
    Boolean(charge?.pendingRequests.length) ||
    (result?.ok === true && !charge?.attempts.length);
  useEffect(() => {
    if (!inProgress) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 2_000);
    return () => clearInterval(timer);
  }, [inProgress, revalidator]);
  useEffect(() => {
    if (result) setConfirming(null);
  }, [result]);

  return (
    <Card padding="0">
      <Box padding="400">
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h2" variant="headingMd">
                Balance charge
              </Text>
              {charge ? <Badge tone={charge.statusTone}>{charge.statusLabel}</Badge> : null}
              {charge?.needsAttention ? <Badge tone="critical">Needs attention</Badge> : null}
            </InlineStack>
            {charge && charge.stoppable && !confirming ? (
              <InlineStack gap="200">
                <Button
                  variant="plain"
                  id={triggerId("stop-collecting")}
                  onClick={() => setConfirming("stop-collecting")}
                  disabled={submitting}
                >
                  Stop collecting
                </Button>
                <Button
                  variant="plain"
                  id={triggerId("record-paid")}
                  onClick={() => setConfirming("record-paid")}
                  disabled={submitting}
                >
                  Record as paid outside the app
                </Button>
                {charge.chargeable ? (
                  <Button
                    id={triggerId("send-reminder")}
                    onClick={() => setConfirming("send-reminder")}
                    disabled={submitting}
                  >
                    Send payment reminder
                  </Button>
                ) : null}
                {charge.endableAttempt ? (
                  <Button
                    id={triggerId("end-attempt")}
                    onClick={() => setConfirming("end-attempt")}
                    disabled={submitting}
                  >
                    {`End attempt ${charge.endableAttempt.number}`}
                  </Button>
                ) : null}
                {charge.resumable ? (
                  <Button id={triggerId("resume")} onClick={() => setConfirming("resume")} disabled={submitting}>
                    Resume
                  </Button>
                ) : null}
                {charge.chargeable ? (
                  <Button
                    id={triggerId("charge-now")}
                    onClick={() => setConfirming("charge-now")}
                    disabled={submitting}
                  >
                    {charge.status === "FAILED" ? "Retry now" : "Charge now"}
                  </Button>
                ) : null}
              </InlineStack>
            ) : null}
          </InlineStack>
          {charge?.needsAttention && charge.attentionMessage ? (
            <Banner tone="warning">
              <p>{charge.attentionMessage}</p>
            </Banner>
          ) : null}
          {charge && charge.pendingRequests.length > 0 ? (
            <BlockStack gap="100" as="ul">
              {charge.pendingRequests.map((request) => (
                <li key={request.id}>
                  <Text as="span" tone="subdued">
                    {request.text}
                  </Text>
                </li>
              ))}
            </BlockStack>
          ) : null}
          {!charge ? (
            <Text as="p" tone="subdued">
              Nothing to charge: the order has no open balance.
            </Text>
          ) : null}
          {charge?.status === "COLLECTED" ? <Text as="p">{`Collected ${charge.collected}.`}</Text> : null}
          {result && !result.ok ? (
            <Banner tone="critical">
              <p>{result.message}</p>
            </Banner>
          ) : null}
          {result?.ok && result.message ? (
            <Banner tone={result.pending ? "info" : "success"}>
              <p>{result.message}</p>
            </Banner>
          ) : null}
          {confirming && charge ? (
            <Banner ref={confirmation} tone="warning" title={CONFIRM[confirming].title(charge.expected, charge)}>
              <BlockStack gap="200">
                <p>{CONFIRM[confirming].text(charge.expected, balanceDue, charge)}</p>
                <Form method="post">
                  <input type="hidden" name="intent" value={confirming} />
                  <InlineStack gap="200">
                    <Button submit variant="primary" loading={submitting}>
                      {CONFIRM[confirming].button(charge.expected, charge)}
                    </Button>
                    <Button onClick={() => setConfirming(null)}>Cancel</Button>
                  </InlineStack>
                </Form>
              </BlockStack>
            </Banner>
          ) : null}
        </BlockStack>
      </Box>
      {charge && charge.attempts.length > 0 ? (
        <IndexTable
          resourceName={{ singular: "attempt", plural: "attempts" }}
          itemCount={charge.attempts.length}
          selectable={false}
          headings={[
            { title: "Attempt" },
            { title: "When" },
            { title: "Amount" },
            { title: "Outcome" },
            { title: "Started by" },
            { title: "Idempotency key" },
          ]}
        >
          {charge.attempts.map((attempt, index) => (
            <IndexTable.Row id={attempt.id} key={attempt.id} position={index}>
              <IndexTable.Cell>{attempt.number}</IndexTable.Cell>
              <IndexTable.Cell>{attempt.at}</IndexTable.Cell>
              <IndexTable.Cell>{attempt.amount}</IndexTable.Cell>
              <IndexTable.Cell>
                <BlockStack gap="100">
                  <span>
                    <Badge tone={attempt.statusTone}>{attempt.statusLabel}</Badge>
                  </span>
                  {attempt.message ? (
                    <Text as="span" tone="critical" breakWord>
                      {attempt.message}
                    </Text>
                  ) : null}
                </BlockStack>
              </IndexTable.Cell>
              <IndexTable.Cell>{attempt.startedBy}</IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" variant="bodySm" tone="subdued" breakWord>
                  {attempt.key}
                </Text>
              </IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      ) : null}
      {charge && charge.events.length > 0 ? (
        <Box padding="400">
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              Ledger
            </Text>
            <BlockStack gap="100" as="ul">
              {charge.events.map((event) => (
                <li key={event.id}>
                  <Text as="span" variant="bodySm">
                    <Text as="span" tone="subdued">{`${event.at} `}</Text>
                    {event.text}
                    {event.detail ? <Text as="span" tone="subdued">{` · ${event.detail}`}</Text> : null}
                  </Text>
                </li>
              ))}
            </BlockStack>
          </BlockStack>
        </Box>
      ) : null}
    </Card>
  );
}

const CONFIRM: Record<
  ChargeIntent,
  {
    title: (expected: string, charge: ChargeView) => string;
    text: (expected: string, balance: string, charge: ChargeView) => string;
    button: (expected: string, charge: ChargeView) => string;
  }
> = {
  "charge-now": {
    title: (expected) => `Charge ${expected} now?`,
    text: (expected, balance, charge) =>
      `The customer's saved payment method is charged ${expected} of the ${balance} balance now${charge.dueAtPassed ? "" : ", before its due date"}. The app first checks Shopify's record of the order: nothing is charged if a payment is in flight or it would take more than the order's total. This is recorded with your name.`,
    button: (expected) => `Charge ${expected}`,
  },
  "send-reminder": {
    title: () => "Email the customer a payment reminder?",
    text: (_expected, balance) =>
      `Shopify emails the customer a reminder with a link to pay the ${balance} balance. This is recorded with your name.`,
    button: () => "Send reminder",
  },
  "record-paid": {
    title: () => "Record the balance as paid outside the app?",
    text: (_expected, balance, charge) =>
      `For a balance the customer paid another way (cash, bank transfer): Shopify records a manual payment of the ${balance} outstanding and the app stops collecting it.${charge.charging ? " A payment by the app is in flight: this waits for it, and records nothing if it goes through." : ""} This is recorded with your name.`,
    button: () => "Record as paid",
  },
  "stop-collecting": {
    title: () => "Stop collecting this balance?",
    text: (_expected, balance, charge) =>
      `The app will not charge the ${balance} balance, now or later; Shopify still shows it as owed.${charge.charging ? " A payment by the app is in flight: if it goes through, the balance is paid; if not, nothing more is tried." : ""} This is recorded with your name.`,
    button: () => "Stop collecting",
  },
  resume: {
    title: () => "Resume collecting this balance now?",
    text: () =>
      "The app takes this balance up again now: a payment request whose outcome is unknown is sent again with the same key, so Shopify returns the original payment rather than making a second one. This is recorded with your name.",
    button: () => "Resume",
  },
  "end-attempt": {
    title: (_expected, charge) => `End attempt ${charge.endableAttempt?.number ?? ""}?`,
    text: (_expected, _balance, charge) =>
      `Only if you checked the order in Shopify and attempt ${charge.endableAttempt?.number ?? ""} (${charge.endableAttempt?.amount ?? ""}) made no payment. The app first sends its key once more (if Shopify has a payment for it, it is followed, not ended). A payment Shopify made may take up to 72 hours to show on the order, so a younger attempt is not ended yet (the app says from when it can be). Then it checks Shopify's record of the order and refuses if a payment is in flight or was made since the attempt began. Afterwards the balance is charged as the offer's retry policy says. This is recorded with your name.`,
    button: (_expected, charge) => `End attempt ${charge.endableAttempt?.number ?? ""}`,
  },
};
