// The offer's availability: on sale, paused, not started or ended; Pause / Resume; and the sales window (a start
// and an end, either optional) typed as days and times in the shop's time zone.
import { useState } from "react";
import { Form } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineGrid, InlineStack, Text, TextField } from "@shopify/polaris";
import type { AvailabilityState } from "../../domain/offer-availability";
import { toLocalDateTimeInput } from "../../domain/offer-availability";
import type { OfferDetail } from "../../domain/offer-contract";
import { formatDateTime } from "../orders/view";

const BADGES: Record<AvailabilityState, { label: string; tone?: "success" | "attention" | "info" }> = {
  ON_SALE: { label: "On sale", tone: "success" },
  PAUSED: { label: "Paused", tone: "attention" },
  NOT_STARTED: { label: "Scheduled", tone: "info" },
  ENDED: { label: "Sales ended" },
};

export const AVAILABILITY_BADGES = BADGES;

export interface AvailabilityCardProps {
  availability: OfferDetail["availability"];
  timeZone: string;
  locale: string;
  fieldErrors: { salesStartsAt?: string; salesEndsAt?: string; ""?: string };
  submitting: boolean;
}

export function AvailabilityCard({ availability, timeZone, locale, fieldErrors, submitting }: AvailabilityCardProps) {
  const at = (iso: string | null) => (iso ? formatDateTime(new Date(iso), { timeZone, locale }) : null);
  const [startsAt, setStartsAt] = useState(toLocalDateTimeInput(dateOf(availability.salesStartsAt), timeZone));
  const [endsAt, setEndsAt] = useState(toLocalDateTimeInput(dateOf(availability.salesEndsAt), timeZone));
  const badge = BADGES[availability.state];
  const paused = availability.state === "PAUSED";
  const explanation = {
    ON_SALE: availability.salesEndsAt
      ? `Customers can buy with this offer until ${at(availability.salesEndsAt)}.`
      : "Customers can buy with this offer.",
    PAUSED: `Paused since ${at(availability.pausedAt)}: customers don't see this offer. Orders already placed keep their terms.`,
    NOT_STARTED: `Customers can buy with this offer from ${at(availability.salesStartsAt)}.`,
    ENDED: `Sales ended ${at(availability.salesEndsAt)}: customers don't see this offer. Orders already placed keep their terms.`,
  }[availability.state];

  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">
              Availability
            </Text>
            <Badge tone={badge.tone}>{badge.label}</Badge>
          </InlineStack>
          <Form method="post">
            <input type="hidden" name="intent" value={paused ? "resume" : "pause"} />
            <Button submit loading={submitting}>
              {paused ? "Resume offer" : "Pause offer"}
            </Button>
          </Form>
        </InlineStack>
        <Text as="p">{explanation}</Text>
        {fieldErrors[""] ? (
          <Text as="p" tone="critical">
            {fieldErrors[""]}
          </Text>
        ) : null}
        <Form method="post">
          <input type="hidden" name="intent" value="sales-window" />
          <BlockStack gap="300">
            <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
              <TextField
                label="Sales start"
                name="salesStartsAt"
                type="datetime-local"
                value={startsAt}
                onChange={setStartsAt}
                autoComplete="off"
                error={fieldErrors.salesStartsAt}
                helpText="Empty: on sale now"
              />
              <TextField
                label="Sales end"
                name="salesEndsAt"
                type="datetime-local"
                value={endsAt}
                onChange={setEndsAt}
                autoComplete="off"
                error={fieldErrors.salesEndsAt}
                helpText="Empty: no end"
              />
            </InlineGrid>
            <Text as="p" tone="subdued" variant="bodySm">
              {`Times are in the store's time zone (${timeZone}). The offer goes on and off sale on time, even with nobody in the app.`}
            </Text>
            <InlineStack>
              <Button submit loading={submitting}>
                Save sales window
              </Button>
            </InlineStack>
          </BlockStack>
        </Form>
      </BlockStack>
    </Card>
  );
}

function dateOf(iso: string | null): Date | null {
  return iso ? new Date(iso) : null;
}
