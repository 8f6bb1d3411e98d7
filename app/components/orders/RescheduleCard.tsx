// The order page's reschedule form: a new due day in the shop's time zone and an optional note. An earlier date is
// only sent on once the merchant ticks that they understand the customer is charged sooner than agreed.
import { useState } from "react";
import { Form } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Checkbox, InlineStack, List, Text, TextField } from "@shopify/polaris";
import { splitFieldErrors, type RescheduleActionResult } from "./reschedule";

export interface RescheduleCardProps {
  /** The current due date in words ("On fulfilment" when there is none yet). */
  currentDueDate: string;
  /** The date field's starting value (YYYY-MM-DD in the shop's zone), "" when the balance waits for fulfilment. */
  initialDate: string;
  dueOnFulfillment: boolean;
  returnInProgress: boolean;
  earliestDate: string;
  latestDate: string;
  /** The last reschedule answer of the page's action, if any. */
  result: RescheduleActionResult | undefined;
  submitting: boolean;
}

export function RescheduleCard({
  currentDueDate,
  initialDate,
  dueOnFulfillment,
  returnInProgress,
  earliestDate,
  latestDate,
  result,
  submitting,
}: RescheduleCardProps) {
  const [dueDate, setDueDate] = useState(initialDate);
  const [note, setNote] = useState("");

  // An answer is about the date that was submitted: once the merchant picks another, it no longer applies.
  const confirmation =
    result && !result.ok && result.reason === "NEEDS_CONFIRMATION" && result.dueDate === dueDate ? result : null;
  const refused =
    result && !result.ok && (result.reason === "INVALID" || result.reason === "REFUSED_BY_SHOPIFY") ? result : null;
  const errors = refused ? splitFieldErrors(refused.fieldErrors) : null;
  const dateError = refused?.dueDate === dueDate ? errors?.dueDate : undefined;
  const formErrors = [
    ...(errors?.other ?? []),
    ...(result && !result.ok && result.reason === "FAILED" ? [result.message] : []),
  ];

  return (
    <Card>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="reschedule" />
        <BlockStack gap="400">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              Reschedule
            </Text>
            <Text as="p" tone="subdued">
              {dueOnFulfillment
                ? "The balance is due when the order is fulfilled. A date charges the customer on that day instead."
                : `The balance is due on ${currentDueDate}. The charge keeps its time of day.`}
            </Text>
          </BlockStack>
          {returnInProgress ? (
            <Banner tone="info">
              <p>A return is in progress: the balance is not charged until it closes, whatever the due date.</p>
            </Banner>
          ) : null}
          {formErrors.length > 0 ? (
            <Banner tone="critical" title="The due date was not changed">
              <List type="bullet">
                {formErrors.map((message) => (
                  <List.Item key={message}>{message}</List.Item>
                ))}
              </List>
            </Banner>
          ) : null}
          <TextField
            label="New due date"
            type="date"
            name="dueDate"
            value={dueDate}
            onChange={setDueDate}
            min={earliestDate}
            max={latestDate}
            autoComplete="off"
            helpText="In the shop's time zone. The customer is charged on this day."
            error={dateError}
          />
          <TextField
            label="Note (optional)"
            name="reason"
            value={note}
            onChange={setNote}
            multiline={2}
            maxLength={500}
            showCharacterCount
            autoComplete="off"
            helpText="Kept in the due date history. The customer does not see it."
            error={errors?.reason}
          />
          {confirmation ? (
            <EarlierConfirmation
              key={confirmation.to}
              from={confirmation.from}
              to={confirmation.to}
              earlier={confirmation.earlier}
              shipsBy={confirmation.shipsBy}
              submitting={submitting}
              onCancel={() => setDueDate(initialDate)}
            />
          ) : (
            <InlineStack align="end">
              <Button submit variant="primary" loading={submitting}>
                Save
              </Button>
            </InlineStack>
          )}
        </BlockStack>
      </Form>
    </Card>
  );
}

/** The question before a due date that charges sooner than agreed, or before the order ships (or both). */
export function confirmationWording({
  from,
  to,
  earlier,
  shipsBy,
}: {
  from: string;
  to: string;
  earlier: boolean;
  shipsBy: string | null;
}) {
  const sentences = [
    earlier ? `This charges the customer earlier than they agreed (from ${from} to ${to}).` : null,
    shipsBy
      ? `${earlier ? "It" : `The new date, ${to},`} is before the order ships (${shipsBy}): the customer would pay for what they have not received.`
      : null,
    `${earlier ? "Earlier charges" : "Charges before shipping"} are a common cause of chargebacks.`,
  ];
  return {
    title: earlier ? "Charge the customer earlier?" : "Charge the customer before the order ships?",
    text: sentences.filter((sentence): sentence is string => sentence !== null).join(" "),
    checkbox: earlier ? "I understand; charge on the earlier date" : "I understand; charge before the order ships",
    button: earlier ? "Move the due date earlier" : "Charge before shipping",
  };
}

function EarlierConfirmation({
  from,
  to,
  earlier,
  shipsBy,
  submitting,
  onCancel,
}: {
  from: string;
  to: string;
  earlier: boolean;
  shipsBy: string | null;
  submitting: boolean;
  onCancel: () => void;
}) {
  const [understood, setUnderstood] = useState(false);
  const words = confirmationWording({ from, to, earlier, shipsBy });
  return (
    <Banner tone="critical" title={words.title}>
      <BlockStack gap="300">
        <p>{words.text}</p>
        <Checkbox
          label={words.checkbox}
          name="confirmEarlier"
          value="on"
          checked={understood}
          onChange={(checked) => setUnderstood(checked)}
        />
        <InlineStack gap="200">
          <Button submit variant="primary" tone="critical" disabled={!understood} loading={submitting}>
            {words.button}
          </Button>
          <Button onClick={onCancel} disabled={submitting}>
            Keep the current date
          </Button>
        </InlineStack>
      </BlockStack>
    </Banner>
  );
}
