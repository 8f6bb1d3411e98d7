// What a page shows when its loader failed unexpectedly (the database is unreachable, Shopify answered with an
// error): a Polaris page that says what happened in words, offers to try again, and keeps the merchant in the app.
// Expected outcomes (an order that is not the shop's, a form with errors) are answered by the page itself.
import { BlockStack, Box, Button, Card, InlineStack, Page, Text } from "@shopify/polaris";

export interface PageErrorProps {
  /** The HTTP status of the failed answer, when it was one. */
  status?: number;
}

export function PageError({ status }: PageErrorProps) {
  const notFound = status === 404;
  const title = notFound ? "This page doesn't exist" : "This page couldn't load";
  const explanation = notFound
    ? "The page or record you opened doesn't exist in this store. It may have been deleted, or the link may be wrong."
    : "Something went wrong on our side while loading this page. Nothing was changed. Try again in a moment; if it keeps happening, contact support.";
  return (
    <Page title={title}>
      <Card>
        <BlockStack gap="400">
          <Box>
            <Text as="p">{explanation}</Text>
          </Box>
          <InlineStack gap="200">
            {!notFound && (
              <Button variant="primary" onClick={() => window.location.reload()}>
                Try again
              </Button>
            )}
            <Button url="/app">Go to Home</Button>
          </InlineStack>
        </BlockStack>
      </Card>
    </Page>
  );
}
