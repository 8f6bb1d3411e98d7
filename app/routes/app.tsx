// Layout of every embedded page: authenticates the admin session and mounts App Bridge and Polaris.
import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { authenticate } from "../shopify.server";
import { config } from "../config.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  const settings = config();
  // Local seam: with the simulator, App Bridge comes from its stand-in (Shopify's CDN is unreachable).
  return { apiKey: settings.apiKey, appBridgeUrl: settings.local?.appBridgeUrl ?? null };
};

/**
 * The layout's data (the API key, where App Bridge comes from) never changes: a navigation between the app's pages
 * does not load it again (each page's own loader authenticates its request).
 */
export const shouldRevalidate = () => false;

export default function App() {
  const { apiKey, appBridgeUrl } = useLoaderData<typeof loader>();
  const bridge = appBridgeUrl ? { __APP_BRIDGE_URL: appBridgeUrl } : {};
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey} {...bridge}>
      <NavMenu>
        <Link to="/app" rel="home">
          Home
        </Link>
        <Link to="/app/offers">Offers</Link>
        <Link to="/app/orders">Deferred orders</Link>
        <Link to="/app/charges-plan">Next charge run</Link>
        <Link to="/app/deliveries">Webhook deliveries</Link>
        <Link to="/app/privacy">Privacy requests</Link>
      </NavMenu>
      <Outlet />
    </AppProvider>
  );
}

// Shopify needs Remix to catch some thrown responses so that their headers reach the browser.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
