// Layout of every embedded page: authenticates the admin session and mounts App Bridge and Polaris.
import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useEffect, type ReactNode } from "react";
import {
  isRouteErrorResponse,
  Link,
  Outlet,
  useLoaderData,
  useNavigation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu, useAppBridge } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { authenticate } from "../shopify.server";
import { config } from "../config.server";
import { PageError } from "../components/common/PageError";

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

type LayoutData = Awaited<ReturnType<typeof loader>>;

/** App Bridge, Polaris and the app's navigation around a page. */
function Shell({ layout, children }: { layout: LayoutData; children: ReactNode }) {
  const bridge = layout.appBridgeUrl ? { __APP_BRIDGE_URL: layout.appBridgeUrl } : {};
  return (
    <AppProvider isEmbeddedApp apiKey={layout.apiKey} {...bridge}>
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
      {children}
    </AppProvider>
  );
}

/** The admin's loading bar while a page's data loads or a form is sent (App Bridge's `shopify.loading`). */
function LoadingBar() {
  const shopify = useAppBridge();
  const busy = useNavigation().state !== "idle";
  useEffect(() => {
    shopify.loading(busy);
  }, [shopify, busy]);
  return null;
}

export default function App() {
  const layout = useLoaderData<typeof loader>();
  return (
    <Shell layout={layout}>
      <LoadingBar />
      <Outlet />
    </Shell>
  );
}

/**
 * A page whose loader or rendering failed. Shopify's own answers (the session-token bounce page, a retry after an
 * invalid session), which are thrown as responses, are rendered as Shopify needs them; anything else is shown as
 * a Polaris page in the app's frame, not as a bare error document.
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const layout = useRouteLoaderData<typeof loader>("routes/app");
  const status = isRouteErrorResponse(error) ? error.status : undefined;
  if (!layout || (status !== undefined && status !== 404 && status < 500)) return boundary.error(error);
  return (
    <Shell layout={layout}>
      <PageError status={status} />
    </Shell>
  );
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
