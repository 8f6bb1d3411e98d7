// The create/edit form of an offer: names, purchase options, retries and stock rules, posted as one OfferInput, with its live preview.
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { Form } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineStack,
  Layout,
  List,
  Select,
  Text,
  TextField,
  type BannerHandles,
} from "@shopify/polaris";
import { MAX_PLANS_PER_OFFER, type FieldErrors } from "../../domain/offer";
import { earliestPickableDate } from "./dates";
import {
  MAX_OPTION_LABELS,
  addOptionLabel,
  addPlan,
  bannerErrors,
  inputFromFormState,
  removeOptionLabel,
  removePlan,
  shiftPlanErrors,
  updatePlan,
  type OfferFormState,
} from "./form-state";
import { FINAL_ACTION_OPTIONS, KIND_LABELS, RETRY_UNIT_OPTIONS } from "./labels";
import { OfferPreviewCard } from "./OfferPreviewCard";
import { PlanFields } from "./PlanFields";
import { previewOffer } from "./preview";
import { UnsavedChanges } from "./UnsavedChanges";

export interface OfferFormProps {
  /** The form's starting values; remount (change `key`) to start over from new ones. */
  initialState: OfferFormState;
  /** The shop's IANA time zone: dates are days in it. */
  timeZone: string;
  /** Locale of the preview's wording (the same the offers list uses). */
  locale: string;
  /** The server's now (ISO), so the page renders the same on the server and in the browser. */
  now: string;
  /** Field errors of the last submit, keyed by dotted path ("plans.0.deposit.percentage"; "" or "offer" for the offer). */
  errors: FieldErrors | undefined;
  submitting: boolean;
  /** Offers Shopify changed beyond what the app can express are shown, not edited. */
  readOnly?: boolean;
  submitLabel: string;
  /** The form's id, so a Page action can submit it. */
  formId: string;
  /** Shown under the preview, outside the form (it may hold forms of its own). */
  aside?: ReactNode;
  /** The page is leaving on purpose (the offer was just deleted): unsaved changes are not asked about. */
  leaving?: boolean;
}

export function OfferForm({
  initialState,
  timeZone,
  locale,
  now,
  errors: submittedErrors,
  submitting,
  readOnly = false,
  submitLabel,
  formId,
  aside,
  leaving = false,
}: OfferFormProps) {
  const [state, setState] = useState(initialState);
  const [errors, setErrors] = useState<FieldErrors>(submittedErrors ?? {});
  const banner = useRef<BannerHandles>(null);
  const nowDate = useMemo(() => new Date(now), [now]);

  // Each submit's errors replace the previous ones; the merchant's input stays as typed.
  useEffect(() => {
    setErrors(submittedErrors ?? {});
    if (submittedErrors && Object.keys(submittedErrors).length > 0) banner.current?.focus();
  }, [submittedErrors]);

  const input = useMemo(() => inputFromFormState(state, timeZone, nowDate), [state, timeZone, nowDate]);
  const preview = useMemo(() => previewOffer(input, { locale, timeZone }), [input, locale, timeZone]);
  const minDate = useMemo(() => earliestPickableDate(nowDate, timeZone), [nowDate, timeZone]);
  const outOfPlace = bannerErrors(state, errors);
  const errorCount = Object.keys(errors).length;
  const disabled = readOnly || submitting;
  const error = (path: string) => errors[path];
  // Changed since loaded (or since the defaults, for a new offer): the save bar shows and leaving asks first.
  const initialJson = useMemo(() => JSON.stringify(initialState), [initialState]);
  const dirty = !readOnly && JSON.stringify(state) !== initialJson;

  return (
    <Layout>
      <UnsavedChanges
        id={`${formId}-save-bar`}
        dirty={dirty}
        saving={submitting}
        leaving={leaving}
        onSave={() => (document.getElementById(formId) as HTMLFormElement | null)?.requestSubmit()}
        onDiscard={() => {
          setState(initialState);
          setErrors({});
        }}
      />
      <Layout.Section>
        <Form method="post" id={formId} noValidate>
          <input type="hidden" name="intent" value="save" />
          <input type="hidden" name="offer" value={JSON.stringify(input)} />
          <BlockStack gap="400">
            {errorCount > 0 ? (
              <Banner
                ref={banner}
                tone="critical"
                title={
                  errorCount === 1
                    ? "There is 1 problem with this offer"
                    : `There are ${errorCount} problems with this offer`
                }
              >
                {outOfPlace.length > 0 ? (
                  <List type="bullet">
                    {outOfPlace.map((message) => (
                      <List.Item key={message}>{message}</List.Item>
                    ))}
                  </List>
                ) : (
                  <p>Fix the highlighted fields, then save again. Nothing was saved.</p>
                )}
              </Banner>
            ) : null}

            <Card>
              <BlockStack gap="400">
                <Text as="h2" variant="headingMd">
                  {`${KIND_LABELS[state.kind]} offer`}
                </Text>
                <FormLayout>
                  <TextField
                    label="Name customers see"
                    helpText="Shown on the product page above the purchase options."
                    value={state.name}
                    onChange={(name) => setState((s) => ({ ...s, name }))}
                    error={error("name")}
                    autoComplete="off"
                    disabled={disabled}
                  />
                  <TextField
                    label="Internal name"
                    helpText="Only staff see it, in Shopify admin and in this app."
                    value={state.merchantCode}
                    onChange={(merchantCode) => setState((s) => ({ ...s, merchantCode }))}
                    error={error("merchantCode")}
                    autoComplete="off"
                    disabled={disabled}
                  />
                  <TextField
                    label="Internal notes"
                    value={state.description}
                    onChange={(description) => setState((s) => ({ ...s, description }))}
                    error={error("description")}
                    multiline={2}
                    autoComplete="off"
                    disabled={disabled}
                  />
                </FormLayout>
                <BlockStack gap="200">
                  {state.optionLabels.map((label, j) => (
                    <InlineStack key={j} gap="200" blockAlign="end" wrap={false}>
                      <div style={{ flexGrow: 1 }}>
                        <TextField
                          label={state.optionLabels.length === 1 ? "Option label" : `Option label ${j + 1}`}
                          helpText={j === 0 ? "The heading customers choose under, e.g. “Purchase option”." : undefined}
                          value={label}
                          onChange={(text) =>
                            setState((s) => ({
                              ...s,
                              optionLabels: s.optionLabels.map((l, k) => (k === j ? text : l)),
                            }))
                          }
                          error={error(`optionLabels.${j}`) ?? (j === 0 ? error("optionLabels") : undefined)}
                          autoComplete="off"
                          disabled={disabled}
                        />
                      </div>
                      {state.optionLabels.length > 1 ? (
                        <Button
                          onClick={() => setState((s) => removeOptionLabel(s, j))}
                          disabled={disabled}
                          accessibilityLabel={`Remove option label ${j + 1}`}
                        >
                          Remove
                        </Button>
                      ) : null}
                    </InlineStack>
                  ))}
                  {state.optionLabels.length < MAX_OPTION_LABELS ? (
                    <InlineStack>
                      <Button variant="plain" onClick={() => setState(addOptionLabel)} disabled={disabled}>
                        Add option label
                      </Button>
                    </InlineStack>
                  ) : null}
                </BlockStack>
              </BlockStack>
            </Card>

            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Purchase options
              </Text>
              {state.plans.map((plan, index) => (
                <PlanFields
                  key={plan.key || index}
                  kind={state.kind}
                  index={index}
                  plan={plan}
                  optionLabels={state.optionLabels}
                  currencyCode={state.currencyCode}
                  timeZone={timeZone}
                  minDate={minDate}
                  now={nowDate}
                  errors={errors}
                  disabled={disabled}
                  canRemove={state.plans.length > 1}
                  onChange={(change) => setState((s) => updatePlan(s, index, change))}
                  onRemove={() => {
                    setState((s) => removePlan(s, index));
                    setErrors((e) => shiftPlanErrors(e, index));
                  }}
                />
              ))}
              {error("plans") ? (
                <Text as="p" tone="critical">
                  {error("plans")}
                </Text>
              ) : null}
              {state.plans.length < MAX_PLANS_PER_OFFER ? (
                <InlineStack>
                  <Button onClick={() => setState(addPlan)} disabled={disabled}>
                    Add purchase option
                  </Button>
                </InlineStack>
              ) : null}
            </BlockStack>

            <Card>
              <BlockStack gap="400">
                <Text as="h2" variant="headingMd">
                  Failed balance charges
                </Text>
                <FormLayout>
                  <FormLayout.Group>
                    <TextField
                      label="Attempts"
                      type="number"
                      helpText="Including the first charge; 1 means no retry."
                      value={state.retryMaxAttempts}
                      onChange={(retryMaxAttempts) => setState((s) => ({ ...s, retryMaxAttempts }))}
                      error={error("retryPolicy.maxAttempts")}
                      autoComplete="off"
                      disabled={disabled}
                    />
                    <TextField
                      label="Wait between attempts"
                      type="number"
                      value={state.retryIntervalValue}
                      onChange={(retryIntervalValue) => setState((s) => ({ ...s, retryIntervalValue }))}
                      error={
                        error("retryPolicy.interval.value") ??
                        error("retryPolicy.interval") ??
                        error("retryPolicy.interval.unit")
                      }
                      autoComplete="off"
                      disabled={disabled}
                      connectedRight={
                        <Select
                          label="Unit of the wait between attempts"
                          labelHidden
                          options={RETRY_UNIT_OPTIONS}
                          value={state.retryIntervalUnit}
                          onChange={(unit) =>
                            setState((s) => ({ ...s, retryIntervalUnit: unit as OfferFormState["retryIntervalUnit"] }))
                          }
                          disabled={disabled}
                        />
                      }
                    />
                  </FormLayout.Group>
                  <Select
                    label="When every attempt fails"
                    options={FINAL_ACTION_OPTIONS}
                    value={state.finalAction}
                    onChange={(finalAction) =>
                      setState((s) => ({ ...s, finalAction: finalAction as OfferFormState["finalAction"] }))
                    }
                    error={error("retryPolicy.finalAction")}
                    disabled={disabled}
                  />
                </FormLayout>
              </BlockStack>
            </Card>

            <Card>
              <BlockStack gap="400">
                <Text as="h2" variant="headingMd">
                  Stock rules
                </Text>
                <FormLayout>
                  <TextField
                    label="Pre-sale limit"
                    type="number"
                    helpText="Units that can be sold with this offer. Leave empty for no limit."
                    value={state.presaleLimit}
                    onChange={(presaleLimit) => setState((s) => ({ ...s, presaleLimit }))}
                    error={error("stockRules.presaleLimit")}
                    autoComplete="off"
                    disabled={disabled}
                  />
                  <Checkbox
                    label="Offer only while a variant is out of stock"
                    helpText="The offer is added to a variant when it sells out and removed when stock returns."
                    checked={state.onlyWhenOutOfStock}
                    onChange={(onlyWhenOutOfStock) => setState((s) => ({ ...s, onlyWhenOutOfStock }))}
                    error={error("stockRules.onlyWhenOutOfStock")}
                    disabled={disabled}
                  />
                </FormLayout>
              </BlockStack>
            </Card>

            {readOnly ? null : (
              <InlineStack align="end">
                <Button variant="primary" submit loading={submitting}>
                  {submitLabel}
                </Button>
              </InlineStack>
            )}
          </BlockStack>
        </Form>
      </Layout.Section>
      <Layout.Section variant="oneThird">
        <BlockStack gap="400">
          <OfferPreviewCard preview={preview} locale={locale} />
          {aside}
        </BlockStack>
      </Layout.Section>
    </Layout>
  );
}
