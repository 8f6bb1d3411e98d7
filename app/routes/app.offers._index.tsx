// Offers list: every pre-order and try-before-you-buy offer of the shop, what it asks of customers, and where it stands in Shopify.
import { useCallback, useEffect, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import {
  ActionList,
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  EmptyState,
  IndexTable,
  InlineStack,
  Link,
  Page,
  Popover,
  Text,
} from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import { listOffers, offerContext, syncOffers } from "../services/offers.server";
import type { OfferListItem } from "../domain/offer-contract";
import { showToast } from "../components/offers/app-bridge";
import { KIND_LABELS, STATUS_BADGES } from "../components/offers/labels";
import { presaleBadge } from "../components/offers/presale";
import { AVAILABILITY_BADGES } from "../components/offers/AvailabilityCard";
import { OFFERS_EMPTY_STATE_IMAGE } from "../components/offers/empty-state-illustration";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const ctx = await offerContext(session);
  return { offers: await listOffers(ctx) };
};

type SyncResult = { ok: true; updated: number; deleted: number; unreadable: number } | { ok: false; error: string };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  if (form.get("intent") !== "sync") return data<SyncResult>({ ok: false, error: "Unknown action." }, { status: 400 });
  const ctx = await offerContext(session);
  const result = await syncOffers(ctx);
  return data<SyncResult>({
    ok: true,
    updated: result.updated,
    deleted: result.deleted,
    unreadable: result.unreadable,
  });
};

const NEW_OFFER_PATHS = {
  PRE_ORDER: "/app/offers/new?kind=PRE_ORDER",
  TRY_BEFORE_YOU_BUY: "/app/offers/new?kind=TRY_BEFORE_YOU_BUY",
} as const;

function syncMessage(result: Extract<SyncResult, { ok: true }>): string {
  const parts = [
    result.updated > 0 ? `${result.updated} updated` : null,
    result.deleted > 0 ? `${result.deleted} deleted in Shopify` : null,
    result.unreadable > 0 ? `${result.unreadable} changed outside the app` : null,
  ].filter((part): part is string => part !== null);
  return parts.length === 0 ? "Offers are in sync with Shopify" : `Synced: ${parts.join(", ")}`;
}

function productsText(offer: OfferListItem): string {
  const products = offer.productCount === 1 ? "1 product" : `${offer.productCount} products`;
  if (offer.variantCount === 0) return products;
  return `${products}, ${offer.variantCount === 1 ? "1 variant" : `${offer.variantCount} variants`}`;
}

/** "Create offer" asks which kind first: the two forms differ. */
function CreateOfferButton() {
  const [open, setOpen] = useState(false);
  const toggle = useCallback(() => setOpen((value) => !value), []);
  return (
    <Popover
      active={open}
      onClose={() => setOpen(false)}
      activator={
        <Button variant="primary" disclosure onClick={toggle}>
          Create offer
        </Button>
      }
    >
      <ActionList
        actionRole="menuitem"
        items={[
          {
            content: "Pre-order",
            helpText: "Sell before stock arrives, with a deposit or full payment",
            url: NEW_OFFER_PATHS.PRE_ORDER,
          },
          {
            content: "Try before you buy",
            helpText: "Ship first, charge when the trial ends",
            url: NEW_OFFER_PATHS.TRY_BEFORE_YOU_BUY,
          },
        ]}
      />
    </Popover>
  );
}

export default function OffersIndex() {
  const { offers } = useLoaderData<typeof loader>();
  const sync = useFetcher<SyncResult>();
  const [notice, setNotice] = useState<{ message: string; isError: boolean } | null>(null);
  const syncing = sync.state !== "idle";

  useEffect(() => {
    if (sync.state !== "idle" || !sync.data) return;
    const message = sync.data.ok ? syncMessage(sync.data) : sync.data.error;
    const isError = !sync.data.ok;
    // Without App Bridge (no admin around the app) the page says it itself.
    setNotice(showToast(message, { isError }) ? null : { message, isError });
  }, [sync.state, sync.data]);

  const syncNow = () => sync.submit({ intent: "sync" }, { method: "post" });

  return (
    <Page
      title="Offers"
      subtitle="Pre-order and try-before-you-buy purchase options"
      primaryAction={<CreateOfferButton />}
      secondaryActions={[
        {
          content: "Sync now",
          onAction: syncNow,
          loading: syncing,
          disabled: syncing,
        },
      ]}
    >
      <BlockStack gap="400">
        {notice ? (
          <Banner tone={notice.isError ? "critical" : "success"} onDismiss={() => setNotice(null)}>
            <p>{notice.message}</p>
          </Banner>
        ) : null}
        <Card padding="0">
          {offers.length === 0 ? (
            <EmptyState
              heading="Create your first offer"
              action={{ content: "Create pre-order offer", url: NEW_OFFER_PATHS.PRE_ORDER }}
              secondaryAction={{ content: "Create try before you buy offer", url: NEW_OFFER_PATHS.TRY_BEFORE_YOU_BUY }}
              image={OFFERS_EMPTY_STATE_IMAGE}
            >
              <p>
                Let customers pre-order products that are not in stock yet, or try them before they pay. Each offer
                becomes a purchase option on the products you choose.
              </p>
            </EmptyState>
          ) : (
            <IndexTable
              resourceName={{ singular: "offer", plural: "offers" }}
              itemCount={offers.length}
              selectable={false}
              headings={[
                { title: "Offer" },
                { title: "Type" },
                { title: "Status" },
                { title: "Products" },
                { title: "What customers pay" },
              ]}
            >
              {offers.map((offer, index) => (
                <OfferRow key={offer.id} offer={offer} position={index} />
              ))}
            </IndexTable>
          )}
        </Card>
      </BlockStack>
    </Page>
  );
}

function OfferRow({ offer, position }: { offer: OfferListItem; position: number }) {
  const status = STATUS_BADGES[offer.status];
  const href = `/app/offers/${offer.id}`;
  const presale = offer.presale ? presaleBadge(offer.presale) : null;
  return (
    <IndexTable.Row id={offer.id} position={position}>
      <IndexTable.Cell>
        {/* A real link (not a clickable row) so the offer opens with the keyboard and reads as a link. */}
        <Link url={href} removeUnderline monochrome dataPrimaryLink>
          <Text as="span" fontWeight="semibold">
            {offer.name}
          </Text>
        </Link>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Badge tone={offer.kind === "PRE_ORDER" ? "info" : "magic"}>{KIND_LABELS[offer.kind]}</Badge>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <InlineStack gap="200" blockAlign="center">
          <Badge tone={status.tone}>{status.label}</Badge>
          {presale ? <Badge tone={presale.tone}>{presale.label}</Badge> : null}
          {offer.availability.state !== "ON_SALE" ? (
            <Badge tone={AVAILABILITY_BADGES[offer.availability.state].tone}>
              {AVAILABILITY_BADGES[offer.availability.state].label}
            </Badge>
          ) : null}
          {offer.status === "DELETED_IN_SHOPIFY" ? (
            <Link url={href} accessibilityLabel={`Recreate ${offer.name} in Shopify`}>
              Recreate
            </Link>
          ) : null}
          {offer.status === "UNREADABLE" ? (
            <Link url={href} accessibilityLabel={`See what changed in ${offer.name}`}>
              See what changed
            </Link>
          ) : null}
        </InlineStack>
      </IndexTable.Cell>
      <IndexTable.Cell>{productsText(offer)}</IndexTable.Cell>
      <IndexTable.Cell>
        {offer.summaries.length === 0 ? (
          <Text as="span" tone="subdued">
            Settings unreadable
          </Text>
        ) : (
          <BlockStack gap="050">
            {offer.summaries.map((summary, index) => (
              <Text as="span" key={index}>
                {summary}
              </Text>
            ))}
          </BlockStack>
        )}
      </IndexTable.Cell>
    </IndexTable.Row>
  );
}
