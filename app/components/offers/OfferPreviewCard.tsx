// The live preview: each purchase option as the product page and checkout will word it, from the domain's wording.
import { Badge, BlockStack, Box, Card, Divider, InlineStack, Text } from "@shopify/polaris";
import type { OfferPreview } from "./preview";

export function OfferPreviewCard({ preview, locale }: { preview: OfferPreview; locale: string }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          What customers see
        </Text>
        <Text as="p" tone="subdued">
          {`Product page wording in ${new Intl.DisplayNames([locale], { type: "language" }).of(locale) ?? locale}, dates in the shop's time zone.`}
        </Text>
        <Text as="p" fontWeight="semibold">
          {preview.name || "Name customers see"}
        </Text>
        {preview.presaleLimit ? <Badge tone="attention">{preview.presaleLimit}</Badge> : null}
        <BlockStack gap="300" as="ul">
          {preview.plans.map((plan, index) => (
            <Box as="li" key={`${plan.key}-${index}`}>
              <BlockStack gap="200">
                {index > 0 ? <Divider /> : null}
                {plan.ready ? (
                  <BlockStack gap="100">
                    <InlineStack gap="200" blockAlign="center">
                      <Text as="span" fontWeight="semibold">
                        {plan.optionValues
                          .map((value, j) => `${preview.optionLabels[j] || `Option ${j + 1}`}: ${value}`)
                          .join(" · ")}
                      </Text>
                      {plan.priceAdjustment ? <Badge tone="success">{plan.priceAdjustment}</Badge> : null}
                    </InlineStack>
                    <Text as="p">{plan.summary}</Text>
                    <Text as="p" tone="subdued">
                      {plan.shipping}
                    </Text>
                    {plan.description ? (
                      <Text as="p" tone="subdued">
                        {plan.description}
                      </Text>
                    ) : null}
                    <InlineStack>
                      {/* A picture of the storefront button, not a control: it must not take focus. */}
                      <Box background="bg-fill-brand" paddingInline="400" paddingBlock="200" borderRadius="200">
                        <Text as="span" visuallyHidden>
                          Add to cart button:{" "}
                        </Text>
                        <Text as="span" tone="text-inverse" fontWeight="semibold">
                          {plan.button}
                        </Text>
                      </Box>
                    </InlineStack>
                    <Text as="p" variant="bodySm" tone="subdued">
                      {`At checkout and on the order: ${plan.name}`}
                    </Text>
                  </BlockStack>
                ) : (
                  <Text as="p" tone="subdued">
                    {`Purchase option ${index + 1}: the preview appears once it is complete. ${plan.reason}`}
                  </Text>
                )}
              </BlockStack>
            </Box>
          ))}
        </BlockStack>
      </BlockStack>
    </Card>
  );
}
