// The balance charge of an order: its state, "Charge now" (confirmed first), and the ledger of every attempt and
// event. While a charge is in progress the page reads it again every few seconds, so its outcome shows without a
// reload.
import { useEffect, useState } from "react";
import { Form, useRevalidator } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, IndexTable, InlineStack, Text } from "@shopify/polaris";
import type { ChargeView } from "./charges";
import { useConfirmationFocus } from "../common/confirmation-focus";

const triggerId = (intent: ChargeIntent) => `charge-action-${intent}`;

/** What the staff member can do to the balance from here; each is confirmed first and recorded with them. */
export type ChargeIntent = "charge-now" | "send-reminder" | "record-paid" | "stop-collecting";
export type ChargeNowResult =
  { intent: ChargeIntent; ok: true; message?: string } | { intent: ChargeIntent; ok: false; message: string };

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
  const inProgress = Boolean(charge?.charging) || (result?.ok === true && !charge?.attempts.length);
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
            {charge?.open && !confirming ? (
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
                <Button
                  id={triggerId("send-reminder")}
                  onClick={() => setConfirming("send-reminder")}
                  disabled={submitting}
                >
                  Send payment reminder
                </Button>
                <Button id={triggerId("charge-now")} onClick={() => setConfirming("charge-now")} disabled={submitting}>
                  {charge.status === "FAILED" ? "Retry now" : "Charge now"}
                </Button>
              </InlineStack>
            ) : null}
          </InlineStack>
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
            <Banner tone="success">
              <p>{result.message}</p>
            </Banner>
          ) : null}
          {confirming && charge ? (
            <Banner ref={confirmation} tone="warning" title={CONFIRM[confirming].title(charge.expected)}>
              <BlockStack gap="200">
                <p>{CONFIRM[confirming].text(charge.expected, balanceDue)}</p>
                <Form method="post">
                  <input type="hidden" name="intent" value={confirming} />
                  <InlineStack gap="200">
                    <Button submit variant="primary" loading={submitting}>
                      {CONFIRM[confirming].button(charge.expected)}
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
    title: (expected: string) => string;
    text: (expected: string, balance: string) => string;
    button: (expected: string) => string;
  }
> = {
  "charge-now": {
    title: (expected) => `Charge ${expected} now?`,
    text: (expected, balance) =>
      `The customer's saved payment method is charged ${expected} of the ${balance} balance now, before its due date. This is recorded with your name.`,
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
    text: (_expected, balance) =>
      `For a balance the customer paid another way (cash, bank transfer): Shopify records a manual payment of the ${balance} outstanding and the app stops collecting it. This is recorded with your name.`,
    button: () => "Record as paid",
  },
  "stop-collecting": {
    title: () => "Stop collecting this balance?",
    text: (_expected, balance) =>
      `The app will not charge the ${balance} balance, now or later; Shopify still shows it as owed. This is recorded with your name.`,
    button: () => "Stop collecting",
  },
};
