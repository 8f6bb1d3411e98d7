// Local runs only: where the merchant sees this offer as customers do (the simulator's storefront preview).
import { BlockStack, Card, Link, List, Text } from "@shopify/polaris";

export interface StorefrontPreviewLinks {
  shopUrl: string;
  products: Array<{ id: string; title: string; url: string }>;
}

export function StorefrontPreviewCard({ preview }: { preview: StorefrontPreviewLinks }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          Storefront preview
        </Text>
        <Text as="p" tone="subdued">
          What customers see on the local simulator’s storefront, rendered from this offer as saved. Save a change, then
          reload the preview.
        </Text>
        {preview.products.length > 0 ? (
          <List type="bullet">
            {preview.products.map((product) => (
              <List.Item key={product.id}>
                <Link url={product.url} target="_blank">
                  {`Preview ${product.title}`}
                </Link>
              </List.Item>
            ))}
          </List>
        ) : (
          <Text as="p">Choose products to see the offer on their pages.</Text>
        )}
        <Link url={preview.shopUrl} target="_blank">
          All products, with badges
        </Link>
      </BlockStack>
    </Card>
  );
}
