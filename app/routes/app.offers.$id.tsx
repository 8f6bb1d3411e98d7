// Edit one offer: its settings and live preview, the products it applies to, recreating it after a deletion in Shopify, deleting it.
import { useEffect, useRef, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import {
  useActionData,
  useFetcher,
  useLoaderData,
  useNavigate,
  useNavigation,
  useSearchParams,
} from "@remix-run/react";
import { Badge, Banner, BlockStack, InlineStack, List, Modal, Page, Text } from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import {
  deleteOffer,
  offerExists,
  getOffer,
  offerContext,
  readOfferCatalog,
  setOfferProducts,
  updateOffer,
  type OfferContext,
} from "../services/offers.server";
import type { FieldErrors } from "../domain/offer";
import { OfferForm } from "../components/offers/OfferForm";
import { ProductAssignmentCard } from "../components/offers/ProductAssignmentCard";
import { AvailabilityCard, type AvailabilityActionResult } from "../components/offers/AvailabilityCard";
import { setOfferPaused, setOfferSalesWindow } from "../services/offer-availability.server";
import { formStateFromInput } from "../components/offers/form-state";
import { KIND_LABELS, STATUS_BADGES } from "../components/offers/labels";
import { showToast } from "../components/offers/app-bridge";
import { UNREADABLE_FORM, assignmentField, jsonField } from "../components/offers/form-fields";
import { adminFailureOf } from "../services/admin-failures.server";
import { offerFailureFields } from "../components/common/failure-messages";
import { presaleBadge } from "../components/offers/presale";
import type { SelectionRules } from "../components/offers/selection-status";
import type { OfferDetail } from "../domain/offer-contract";
import { storefrontPreviewOf } from "../local/storefront-preview.server";
import { StorefrontPreviewCard } from "../components/offers/StorefrontPreviewCard";

const FORM_ID = "offer-form";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const ctx = await offerContext(session);
  const offer = await getOffer(ctx, params.id ?? "");
  const selection = offer ? await selectionView(ctx, offer, session.shop) : null;
  // Missing, or another shop's: the page says so, and the answer says 404.
  // Local runs only (SHOPIFY_LOCAL_SIMULATOR_URL): the simulator's storefront pages of the offer's products.
  const preview = offer ? storefrontPreviewOf(session.shop, offer.products) : null;
  return data(
    { offer, selection, preview, timeZone: ctx.timeZone, locale: ctx.locale, now: ctx.now().toISOString() },
    { status: offer ? 200 : 404 },
  );
};

/**
 * The stock rules the card explains, and what Shopify says about the chosen products. Shopify is asked only
 * when the group may hold less than the selection (a stock rule) or a chosen item has no title from the group.
 */
async function selectionView(ctx: OfferContext, offer: OfferDetail, shop: string) {
  const rules: SelectionRules = {
    onlyWhenOutOfStock: offer.input.stockRules?.onlyWhenOutOfStock === true,
    presaleClosed: offer.presale?.closedAt != null,
  };
  const liveProducts = new Set(offer.products.map((product) => product.id));
  const liveVariants = new Set(offer.products.flatMap((product) => product.variantIds));
  const untitled =
    offer.selection.productIds.some((id) => !liveProducts.has(id)) ||
    offer.selection.variantIds.some((id) => !liveVariants.has(id));
  if (offer.status === "UNREADABLE" || (!rules.onlyWhenOutOfStock && !rules.presaleClosed && !untitled)) {
    return { rules, catalog: null, catalogError: false };
  }
  try {
    return { rules, catalog: await readOfferCatalog(ctx, offer.selection), catalogError: false };
  } catch (error) {
    // The page still works without it: the card names what it can and says stock could not be read.
    adminFailureOf(error, shop, "readSelectionCatalog");
    return { rules, catalog: null, catalogError: true };
  }
}

type ActionResult =
  | { ok: true; intent: "save" | "delete" | "assign"; warnings?: string[] }
  | { ok: false; intent: "save" | "delete" | "assign"; fieldErrors: FieldErrors };

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const id = params.id ?? "";
  const form = await request.formData();
  const intent = form.get("intent");
  const ctx = await offerContext(session);
  const fail = (intent: "save" | "delete" | "assign", fieldErrors: FieldErrors, status: number) =>
    data<ActionResult>({ ok: false, intent, fieldErrors }, { status });
  // Every action is on one of this shop's offers: an id that is missing or another shop's changes nothing.
  if ((intent === "save" || intent === "assign" || intent === "delete") && !(await offerExists(ctx, id))) {
    return fail(intent, { "": "This offer no longer exists." }, 404);
  }

  switch (intent) {
    case "save": {
      const input = jsonField(form, "offer");
      if (input === undefined) return fail("save", UNREADABLE_FORM, 400);
      try {
        const result = await updateOffer(ctx, id, input);
        return result.ok ? data<ActionResult>({ ok: true, intent }) : fail(intent, result.fieldErrors, 422);
      } catch (error) {
        return fail(intent, offerFailureFields(adminFailureOf(error, session.shop, "updateOffer")), 502);
      }
    }
    case "assign": {
      const assignment = assignmentField(form);
      if (assignment === null) return fail("assign", UNREADABLE_FORM, 400);
      try {
        const result = await setOfferProducts(ctx, id, assignment);
        return result.ok
          ? data<ActionResult>({ ok: true, intent, warnings: result.warnings ?? [] })
          : fail(intent, result.fieldErrors, 422);
      } catch (error) {
        return fail(intent, offerFailureFields(adminFailureOf(error, session.shop, "setOfferProducts")), 502);
      }
    }
    case "pause":
    case "resume":
    case "sales-window": {
      const reply = (result: AvailabilityActionResult, status = 200) => data(result, { status });
      try {
        const outcome =
          intent === "sales-window"
            ? await setOfferSalesWindow(ctx, id, {
                startsAt: String(form.get("salesStartsAt") ?? ""),
                endsAt: String(form.get("salesEndsAt") ?? ""),
              })
            : await setOfferPaused(ctx, id, intent === "pause");
        if (outcome.ok) return reply({ ok: true, intent });
        if ("notFound" in outcome)
          return reply({ ok: false, intent, fieldErrors: { "": "This offer no longer exists." } }, 404);
        return reply({ ok: false, intent, fieldErrors: outcome.fieldErrors }, 422);
      } catch (error) {
        const fields = offerFailureFields(adminFailureOf(error, session.shop, "setOfferAvailability"));
        return reply({ ok: false, intent, fieldErrors: { "": Object.values(fields).join(" ") } }, 502);
      }
    }
    case "delete": {
      try {
        await deleteOffer(ctx, id);
        return data<ActionResult>({ ok: true, intent });
      } catch (error) {
        return fail(intent, offerFailureFields(adminFailureOf(error, session.shop, "deleteOffer")), 502);
      }
    }
    default:
      return fail("save", { "": "Unknown action." }, 400);
  }
};

export default function EditOffer() {
  const { offer, selection, preview, timeZone, locale, now } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const navigate = useNavigate();
  const remove = useFetcher<ActionResult>();
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const submitting = navigation.state === "submitting" && navigation.formMethod?.toUpperCase() === "POST";
  const deleting = remove.state !== "idle";

  useEffect(() => {
    if (result?.ok && result.intent === "save") showToast("Offer saved");
  }, [result]);

  // Arrived from "Create offer" (the new offer page redirects here).
  const [searchParams] = useSearchParams();
  const announced = useRef(false);
  useEffect(() => {
    if (searchParams.get("created") === "1" && !announced.current) {
      announced.current = true;
      showToast("Offer created");
    }
  }, [searchParams]);

  useEffect(() => {
    if (remove.state !== "idle" || !remove.data) return;
    if (remove.data.ok) {
      showToast("Offer deleted");
      navigate("/app/offers", { replace: true });
    }
  }, [remove.state, remove.data, navigate]);

  if (offer === null) {
    return (
      <Page title="Offer not found" backAction={{ content: "Offers", url: "/app/offers" }}>
        <Banner tone="warning" title="This offer no longer exists">
          <p>It may have been deleted in another tab. Go back to the offers list to see the current offers.</p>
        </Banner>
      </Page>
    );
  }

  const status = STATUS_BADGES[offer.status];
  const deleted = offer.status === "DELETED_IN_SHOPIFY";
  const unreadable = offer.status === "UNREADABLE";
  const submitLabel = deleted ? "Recreate in Shopify" : "Save";
  const deleteErrors = remove.data && !remove.data.ok ? Object.values(remove.data.fieldErrors) : [];
  const saveErrors = result && !result.ok && result.intent === "save" ? result.fieldErrors : undefined;

  return (
    <Page
      title={offer.name}
      titleMetadata={
        <InlineStack gap="200">
          <Badge tone={offer.kind === "PRE_ORDER" ? "info" : "magic"}>{KIND_LABELS[offer.kind]}</Badge>
          <Badge tone={status.tone}>{status.label}</Badge>
          {offer.presale ? (
            <Badge tone={presaleBadge(offer.presale).tone}>{presaleBadge(offer.presale).label}</Badge>
          ) : null}
        </InlineStack>
      }
      backAction={{ content: "Offers", url: "/app/offers" }}
      primaryAction={
        unreadable
          ? undefined
          : {
              content: submitLabel,
              loading: submitting,
              onAction: () => (document.getElementById(FORM_ID) as HTMLFormElement | null)?.requestSubmit(),
            }
      }
      secondaryActions={[
        { content: "Delete offer", destructive: true, onAction: () => setConfirmingDelete(true), disabled: deleting },
      ]}
    >
      <BlockStack gap="400">
        {deleted ? (
          <Banner tone="critical" title="This offer was deleted in Shopify">
            <p>
              Customers no longer see it. The app kept its settings: review them and click “Recreate in Shopify”, then
              choose its products again.
            </p>
          </Banner>
        ) : null}
        {unreadable ? (
          <Banner tone="warning" title="This offer was changed outside the app">
            <BlockStack gap="200">
              <p>Shopify now holds settings this app cannot show or edit:</p>
              <List type="bullet">
                {offer.problems.map((problem) => (
                  <List.Item key={problem}>{problem}</List.Item>
                ))}
              </List>
              <p>
                Below are the settings the app last saved, for reference. Change the offer where it was changed, or
                delete it here.
              </p>
            </BlockStack>
          </Banner>
        ) : null}
        {deleteErrors.length > 0 ? (
          <Banner tone="critical" title="The offer was not deleted">
            {deleteErrors.map((message) => (
              <p key={message}>{message}</p>
            ))}
          </Banner>
        ) : null}
        <OfferForm
          // A successful save reloads the offer as stored (canonical amounts); start again from it.
          key={`${offer.id}:${offer.updatedAt}`}
          formId={FORM_ID}
          initialState={formStateFromInput(offer.input, timeZone)}
          timeZone={timeZone}
          locale={locale}
          now={now}
          errors={saveErrors}
          submitting={submitting}
          readOnly={unreadable}
          submitLabel={submitLabel}
          // Deleted: the page goes back to the offers without asking about unsaved edits.
          leaving={remove.data?.ok === true}
          aside={
            <BlockStack gap="400">
              <AvailabilityCard
                availability={offer.availability}
                timeZone={timeZone}
                locale={locale}
                disabledReason={
                  deleted
                    ? "Recreate the offer in Shopify before putting it on sale."
                    : unreadable
                      ? "The offer can't be paused or scheduled while it holds settings the app can't read."
                      : null
                }
              />
              <ProductAssignmentCard
                products={offer.products}
                selection={offer.selection}
                rules={selection?.rules ?? { onlyWhenOutOfStock: false, presaleClosed: false }}
                catalog={selection?.catalog ?? null}
                catalogError={selection?.catalogError ?? false}
                disabledReason={
                  deleted
                    ? "Recreate the offer in Shopify before choosing its products."
                    : unreadable
                      ? "Products can't be changed while the offer holds settings the app can't read."
                      : null
                }
              />
              {preview ? <StorefrontPreviewCard preview={preview} /> : null}
            </BlockStack>
          }
        />
      </BlockStack>
      <Modal
        open={confirmingDelete}
        onClose={() => setConfirmingDelete(false)}
        title={`Delete ${offer.name}?`}
        primaryAction={{
          content: "Delete offer",
          destructive: true,
          loading: deleting,
          onAction: () => {
            setConfirmingDelete(false);
            remove.submit({ intent: "delete" }, { method: "post" });
          },
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setConfirmingDelete(false) }]}
      >
        <Modal.Section>
          <Text as="p">
            {offer.products.length > 0
              ? `Customers can no longer choose it on the ${offer.products.length === 1 ? "product" : `${offer.products.length} products`} it applies to. Orders already placed keep their payment terms.`
              : "Orders already placed keep their payment terms."}{" "}
            This can’t be undone.
          </Text>
        </Modal.Section>
      </Modal>
    </Page>
  );
}
