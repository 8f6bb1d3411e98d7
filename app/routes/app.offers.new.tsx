// Create an offer: the form starts from the domain's defaults for the chosen kind; nothing reaches Shopify until it validates.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Page } from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import { createOffer, offerContext } from "../services/offers.server";
import type { FieldErrors, OfferKind } from "../domain/offer";
import { OfferForm } from "../components/offers/OfferForm";
import { newOfferFormState } from "../components/offers/form-state";
import { KIND_LABELS } from "../components/offers/labels";
import { UNREADABLE_FORM, jsonField } from "../components/offers/form-fields";
import { adminFailureOf } from "../services/admin-failures.server";
import { offerFailureFields } from "../components/common/failure-messages";

const FORM_ID = "offer-form";

function kindFrom(url: URL): OfferKind | null {
  const kind = url.searchParams.get("kind");
  return kind === "PRE_ORDER" || kind === "TRY_BEFORE_YOU_BUY" ? kind : null;
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, redirect } = await authenticate.admin(request);
  const kind = kindFrom(new URL(request.url));
  // The kind decides the whole form; without one, the merchant chooses on the offers page.
  if (kind === null) throw redirect("/app/offers");
  const ctx = await offerContext(session);
  return {
    kind,
    currencyCode: ctx.currencyCode,
    timeZone: ctx.timeZone,
    locale: ctx.locale,
    now: ctx.now().toISOString(),
  };
};

type ActionResult = { ok: true; id: string } | { ok: false; fieldErrors: FieldErrors };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, redirect } = await authenticate.admin(request);
  const form = await request.formData();
  const input = jsonField(form, "offer");
  if (input === undefined) return data<ActionResult>({ ok: false, fieldErrors: UNREADABLE_FORM }, { status: 400 });
  const ctx = await offerContext(session);
  try {
    const result = await createOffer(ctx, input);
    // Created: continue on the offer's own page (where products are chosen), which says so.
    if (result.ok) return redirect(`/app/offers/${result.id}?created=1`);
    return data<ActionResult>(result, { status: 422 });
  } catch (error) {
    return data<ActionResult>(
      { ok: false, fieldErrors: offerFailureFields(adminFailureOf(error, session.shop, "createOffer")) },
      { status: 502 },
    );
  }
};

export default function NewOffer() {
  const { kind, currencyCode, timeZone, locale, now } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" && navigation.formMethod?.toUpperCase() === "POST";

  const title = `New ${KIND_LABELS[kind].toLowerCase()} offer`;
  return (
    <Page
      title={title}
      backAction={{ content: "Offers", url: "/app/offers" }}
      primaryAction={{
        content: "Create offer",
        loading: submitting,
        onAction: () => (document.getElementById(FORM_ID) as HTMLFormElement | null)?.requestSubmit(),
      }}
    >
      <OfferForm
        key={kind}
        formId={FORM_ID}
        initialState={newOfferFormState(kind, currencyCode, timeZone)}
        timeZone={timeZone}
        locale={locale}
        now={now}
        errors={result && !result.ok ? result.fieldErrors : undefined}
        submitting={submitting || result?.ok === true}
        submitLabel="Create offer"
      />
    </Page>
  );
}
