// The offer's availability: on sale, paused, not started or ended; Pause / Resume; and the sales window (a start
// and an end, either optional) typed as days and times in the shop's time zone.
import { useEffect, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineGrid, InlineStack, Text, TextField } from "@shopify/polaris";
import type { AvailabilityState } from "../../domain/offer-availability";
import { toLocalDateTimeInput } from "../../domain/offer-availability";
import type { OfferDetail } from "../../domain/offer-contract";
import { formatDateTime } from "../orders/view";
import { showToast } from "./app-bridge";

const BADGES: Record<AvailabilityState, { label: string; tone?: "success" | "attention" | "info" }> = {
  ON_SALE: { label: "On sale", tone: "success" },
  PAUSED: { label: "Paused", tone: "attention" },
  NOT_STARTED: { label: "Scheduled", tone: "info" },
  ENDED: { label: "Sales ended" },
};

export const AVAILABILITY_BADGES = BADGES;

/** What the offer page's action answers to "pause", "resume" and "sales-window". */
export type AvailabilityActionResult =
  | { ok: true; intent: "pause" | "resume" | "sales-window" }
  | {
      ok: false;
      intent: "pause" | "resume" | "sales-window";
      fieldErrors: { salesStartsAt?: string; salesEndsAt?: string; ""?: string };
    };

const DONE: Record<AvailabilityActionResult["intent"], string> = {
  pause: "Offer paused",
  resume: "Offer resumed",
  "sales-window": "Sales window saved",
};

export interface AvailabilityCardProps {
  availability: OfferDetail["availability"];
  timeZone: string;
  locale: string;
  /** Why the availability can't be changed now (a deleted or unreadable offer), or null. */
  disabledReason: string | null;
}

export function AvailabilityCard({ availability, timeZone, locale, disabledReason }: AvailabilityCardProps) {
  const fetcher = useFetcher<AvailabilityActionResult>();
  const submitting = fetcher.state !== "idle";
  const fieldErrors = fetcher.data && !fetcher.data.ok ? fetcher.data.fieldErrors : {};
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) showToast(DONE[fetcher.data.intent]);
  }, [fetcher.state, fetcher.data]);
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
    <section aria-labelledby="offer-availability-heading">
      <Card>
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h2" variant="headingMd" id="offer-availability-heading">
                Availability
              </Text>
              <Badge tone={badge.tone}>{badge.label}</Badge>
            </InlineStack>
            <fetcher.Form method="post">
              <input type="hidden" name="intent" value={paused ? "resume" : "pause"} />
              <Button submit loading={submitting} disabled={disabledReason !== null}>
                {paused ? "Resume offer" : "Pause offer"}
              </Button>
            </fetcher.Form>
          </InlineStack>
          <Text as="p">{disabledReason ?? explanation}</Text>
          {fieldErrors[""] ? (
            <Text as="p" tone="critical">
              {fieldErrors[""]}
            </Text>
          ) : null}
          <fetcher.Form method="post">
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
                <Button submit loading={submitting} disabled={disabledReason !== null}>
                  Save sales window
                </Button>
              </InlineStack>
            </BlockStack>
          </fetcher.Form>
        </BlockStack>
      </Card>
    </section>
  );
}

function dateOf(iso: string | null): Date | null {
  return iso ? new Date(iso) : null;
}
