// Products and variants an offer applies to: the merchant's choice, what of it is live under the stock rules, and Shopify's resource picker (else a plain search-and-tick picker) to change it.
import { useEffect, useId, useState } from "react";
import { useFetcher } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  InlineStack,
  Spinner,
  Text,
  TextField,
} from "@shopify/polaris";
import type { FieldErrors } from "../../domain/offer";
import type { AssignedProduct, ProductSearchResult } from "../../domain/offer-contract";
import { pickProducts, showToast } from "./app-bridge";
import { chosenProducts, type CatalogProduct, type ChosenProduct, type SelectionRules } from "./selection-status";
import {
  assignmentFromPicker,
  assignmentFromProducts,
  pickerSelectionIds,
  productCheckState,
  sameAssignment,
  toggleProduct,
  toggleVariant,
  variantChecked,
  stockText,
  type ProductAssignment,
} from "./product-selection";

/** The resource route the plain picker searches through (app/routes/app.offers.product-search.tsx). */
export const PRODUCT_SEARCH_PATH = "/app/offers/product-search";

type AssignResult =
  { ok: true; intent: "assign"; warnings?: string[] } | { ok: false; intent: "assign"; fieldErrors: FieldErrors };
type SearchResult = { products: ProductSearchResult[]; error: string | null };

function variantText(product: AssignedProduct): string {
  if (product.wholeProduct) return "All variants";
  const count = product.variantIds.length;
  return count === 1 ? "1 variant" : `${count} variants`;
}

function listOf(labels: readonly string[]): string {
  return labels.length <= 1 ? (labels[0] ?? "") : `${labels.slice(0, -1).join(", ")} and ${labels.at(-1)}`;
}

/** "Large (in stock), Medium (pre-sale closed)": each variant not live with its reason. */
function notLiveText(notLive: NonNullable<ChosenProduct["status"]>["notLive"]): string {
  return notLive.map((item) => `${item.label} (${item.reason})`).join(", ");
}

/** The one sentence above the list that says why Shopify holds less than the merchant chose. */
function rulesNote(rules: SelectionRules, chosen: readonly ChosenProduct[]): string | null {
  if (rules.presaleClosed) {
    return "The pre-sale is closed, so customers can no longer choose this offer on any of the products you chose. Raise the pre-sale limit to reopen it.";
  }
  if (!rules.onlyWhenOutOfStock) return null;
  const intro = "This offer is live only on chosen variants that are out of stock, and follows stock as it changes.";
  if (chosen.some((product) => product.status === null)) return intro;
  const live = chosen.reduce((sum, product) => sum + (product.status?.live.length ?? 0), 0);
  const all = chosen.reduce(
    (sum, product) => sum + (product.status ? product.status.live.length + product.status.notLive.length : 0),
    0,
  );
  return `${intro} Live in Shopify now: ${live} of ${all} chosen ${all === 1 ? "variant" : "variants"}.`;
}

export function ProductAssignmentCard({
  products,
  selection,
  rules,
  catalog,
  catalogError,
  disabledReason,
}: {
  /** What Shopify currently has assigned. */
  products: AssignedProduct[];
  /** What the merchant chose: the list and the pickers start from it. */
  selection: ProductAssignment;
  rules: SelectionRules;
  /** Titles and stock of the chosen products as just read from Shopify; null when not read. */
  catalog: CatalogProduct[] | null;
  /** True when reading them failed. */
  catalogError: boolean;
  /** Why products cannot be assigned right now (e.g. the group is deleted in Shopify), or null. */
  disabledReason: string | null;
}) {
  const assign = useFetcher<AssignResult>();
  const [fallback, setFallback] = useState<{ open: boolean; note: string | null }>({ open: false, note: null });
  const saving = assign.state !== "idle";
  const chosen = chosenProducts(selection, products, catalog, rules);
  const current = assignmentFromProducts(chosen);
  const note = rulesNote(rules, chosen);

  const save = (assignment: ProductAssignment) => {
    assign.submit({ intent: "assign", assignment: JSON.stringify(assignment) }, { method: "post" });
  };

  useEffect(() => {
    if (assign.state !== "idle" || !assign.data) return;
    if (assign.data.ok) {
      setFallback({ open: false, note: null });
      showToast("Products saved");
    }
  }, [assign.state, assign.data]);

  const choose = async () => {
    const outcome = await pickProducts(pickerSelectionIds(chosen.filter((product) => product.known)));
    if (outcome.kind === "picked") {
      const wanted = assignmentFromPicker(outcome.selection);
      if (!sameAssignment(wanted, current)) save(wanted);
    } else if (outcome.kind === "unavailable") {
      setFallback({
        open: true,
        note: "Shopify's product picker is not available here, so the app's own picker is shown.",
      });
    }
  };

  const errorMessages = assign.data && !assign.data.ok ? Object.values(assign.data.fieldErrors) : [];
  // Saved, but a chosen product is also on another pre-order or trial group: said until the next save.
  const warnings = assign.data?.ok && assign.state === "idle" ? (assign.data.warnings ?? []) : [];

  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Products
          </Text>
          {saving ? <Spinner size="small" accessibilityLabel="Saving products" /> : null}
        </InlineStack>
        {disabledReason ? (
          <Banner tone="warning">
            <p>{disabledReason}</p>
          </Banner>
        ) : null}
        {warnings.length > 0 ? (
          <Banner tone="warning" title="Also on another purchase option">
            <BlockStack gap="100">
              {warnings.map((message) => (
                <p key={message}>{message}</p>
              ))}
            </BlockStack>
          </Banner>
        ) : null}
        {errorMessages.length > 0 ? (
          <Banner tone="critical" title="The products were not all saved">
            {errorMessages.map((message) => (
              <p key={message}>{message}</p>
            ))}
          </Banner>
        ) : null}
        {note && chosen.length > 0 ? <Text as="p">{note}</Text> : null}
        {catalogError && (rules.onlyWhenOutOfStock || rules.presaleClosed) ? (
          <Text as="p" tone="subdued">
            Current stock could not be read from Shopify, so what is live is not shown. Reload the page to try again.
          </Text>
        ) : null}
        {chosen.length === 0 ? (
          <Text as="p" tone="subdued">
            No products yet. Customers see this offer only on the products and variants you choose.
          </Text>
        ) : (
          <BlockStack as="ul" gap="200">
            {chosen.map((product) => (
              <Box as="li" key={product.id}>
                <InlineStack align="space-between" blockAlign="center" wrap={false} gap="200">
                  <BlockStack gap="0">
                    <Text as="span" fontWeight="semibold">
                      {product.title}
                    </Text>
                    <Text as="span" tone="subdued">
                      {variantText(product)}
                    </Text>
                    {product.status && product.status.live.length > 0 ? (
                      <Text as="span" tone="success">
                        {`Live in Shopify: ${listOf(product.status.live)}`}
                      </Text>
                    ) : null}
                    {product.status && product.status.notLive.length > 0 ? (
                      <Text as="span" tone="subdued">
                        {`Not live: ${notLiveText(product.status.notLive)}`}
                      </Text>
                    ) : null}
                  </BlockStack>
                  <Button
                    variant="plain"
                    tone="critical"
                    disabled={saving || disabledReason !== null}
                    accessibilityLabel={`Remove ${product.title} from this offer`}
                    onClick={() => save(assignmentFromProducts(chosen.filter((other) => other.id !== product.id)))}
                  >
                    Remove
                  </Button>
                </InlineStack>
              </Box>
            ))}
          </BlockStack>
        )}
        {fallback.open ? (
          <PlainProductPicker
            note={fallback.note}
            initial={current}
            saving={saving}
            onCancel={() => setFallback({ open: false, note: null })}
            onSave={save}
          />
        ) : (
          <InlineStack>
            <Button onClick={() => void choose()} disabled={saving || disabledReason !== null}>
              Choose products
            </Button>
          </InlineStack>
        )}
      </BlockStack>
    </Card>
  );
}

function PlainProductPicker({
  note,
  initial,
  saving,
  onCancel,
  onSave,
}: {
  note: string | null;
  initial: ProductAssignment;
  saving: boolean;
  onCancel: () => void;
  onSave: (assignment: ProductAssignment) => void;
}) {
  const search = useFetcher<SearchResult>();
  const [query, setQuery] = useState("");
  const [selection, setSelection] = useState(initial);
  const headingId = useId();

  // Search as the merchant types, a moment after they stop, and once on opening.
  useEffect(() => {
    const timer = setTimeout(() => search.load(`${PRODUCT_SEARCH_PATH}?q=${encodeURIComponent(query.trim())}`), 250);
    return () => clearTimeout(timer);
    // `search` changes identity on every state change; only the query should trigger a search.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query]);

  const results = search.data?.products ?? [];
  const changed = !sameAssignment(selection, initial);
  const count = selection.productIds.length + selection.variantIds.length;

  return (
    <section aria-labelledby={headingId}>
      <BlockStack gap="300">
        <Text as="h3" variant="headingSm" id={headingId}>
          Choose products
        </Text>
        {note ? (
          <Text as="p" tone="subdued">
            {note}
          </Text>
        ) : null}
        <TextField
          label="Search products"
          value={query}
          onChange={setQuery}
          autoComplete="off"
          clearButton
          onClearButtonClick={() => setQuery("")}
        />
        {search.state === "loading" && !search.data ? <Spinner size="small" accessibilityLabel="Searching" /> : null}
        {search.data?.error ? (
          <Banner tone="critical">
            <p>{search.data.error}</p>
          </Banner>
        ) : null}
        {search.data && results.length === 0 && !search.data.error ? (
          <Text as="p" tone="subdued">
            No products match.
          </Text>
        ) : null}
        <BlockStack as="ul" gap="200">
          {results.map((product) => {
            const state = productCheckState(selection, product);
            const hasVariants = product.variants.length > 1;
            return (
              <Box as="li" key={product.id}>
                <Checkbox
                  label={product.title}
                  checked={state}
                  onChange={(checked) => setSelection((s) => toggleProduct(s, product, checked))}
                  disabled={saving}
                />
                {hasVariants ? (
                  <Box paddingInlineStart="600">
                    <div role="group" aria-label={`Variants of ${product.title}`}>
                      <BlockStack as="ul" gap="100">
                        {product.variants.map((variant) => (
                          <Box as="li" key={variant.id}>
                            <Checkbox
                              label={variant.title}
                              helpText={stockText(variant.inventoryQuantity)}
                              checked={variantChecked(selection, product, variant.id)}
                              onChange={(checked) =>
                                setSelection((s) => toggleVariant(s, product, variant.id, checked))
                              }
                              disabled={saving}
                            />
                          </Box>
                        ))}
                      </BlockStack>
                    </div>
                  </Box>
                ) : null}
              </Box>
            );
          })}
        </BlockStack>
        <InlineStack gap="200" align="end">
          <Button onClick={onCancel} disabled={saving}>
            Cancel
          </Button>
          <Button variant="primary" onClick={() => onSave(selection)} disabled={!changed} loading={saving}>
            {`Save products (${count} selected)`}
          </Button>
        </InlineStack>
      </BlockStack>
    </section>
  );
}
