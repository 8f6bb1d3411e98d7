// Products and variants an offer applies to: Shopify's resource picker when the admin provides it, else a plain search-and-tick picker.
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
import type { AssignedProduct, ProductSearchResult } from "../../services/offers.contract";
import { pickProducts, showToast } from "./app-bridge";
import {
  assignmentFromPicker,
  assignmentFromProducts,
  pickerSelectionIds,
  productCheckState,
  sameAssignment,
  toggleProduct,
  toggleVariant,
  variantChecked,
  type ProductAssignment,
} from "./product-selection";

/** The resource route the plain picker searches through (app/routes/app.offers.product-search.tsx). */
export const PRODUCT_SEARCH_PATH = "/app/offers/product-search";

type AssignResult = { ok: true; intent: "assign" } | { ok: false; intent: "assign"; fieldErrors: FieldErrors };
type SearchResult = { products: ProductSearchResult[]; error: string | null };

function variantText(product: AssignedProduct): string {
  if (product.wholeProduct) return "All variants";
  const count = product.variantIds.length;
  return count === 1 ? "1 variant" : `${count} variants`;
}

export function ProductAssignmentCard({
  products,
  disabledReason,
}: {
  products: AssignedProduct[];
  /** Why products cannot be assigned right now (e.g. the group is deleted in Shopify), or null. */
  disabledReason: string | null;
}) {
  const assign = useFetcher<AssignResult>();
  const [fallback, setFallback] = useState<{ open: boolean; note: string | null }>({ open: false, note: null });
  const saving = assign.state !== "idle";
  const current = assignmentFromProducts(products);

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
    const outcome = await pickProducts(pickerSelectionIds(products));
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
        {errorMessages.length > 0 ? (
          <Banner tone="critical" title="The products were not all saved">
            {errorMessages.map((message) => (
              <p key={message}>{message}</p>
            ))}
          </Banner>
        ) : null}
        {products.length === 0 ? (
          <Text as="p" tone="subdued">
            No products yet. Customers see this offer only on the products and variants you choose.
          </Text>
        ) : (
          <BlockStack as="ul" gap="200">
            {products.map((product) => (
              <Box as="li" key={product.id}>
                <InlineStack align="space-between" blockAlign="center" wrap={false} gap="200">
                  <BlockStack gap="0">
                    <Text as="span" fontWeight="semibold">
                      {product.title}
                    </Text>
                    <Text as="span" tone="subdued">
                      {variantText(product)}
                    </Text>
                  </BlockStack>
                  <Button
                    variant="plain"
                    tone="critical"
                    disabled={saving || disabledReason !== null}
                    accessibilityLabel={`Remove ${product.title} from this offer`}
                    onClick={() => save(assignmentFromProducts(products.filter((other) => other.id !== product.id)))}
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
                              helpText={
                                variant.inventoryQuantity === null ? undefined : `${variant.inventoryQuantity} in stock`
                              }
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
