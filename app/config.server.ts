// The app's runtime configuration, read once from the environment and validated with zod.
import { z } from "zod";

/** The scopes the app asks for; shopify.app.toml's [access_scopes] must list the same (a test checks). */
export const APP_SCOPES = [
  "write_products",
  "read_all_orders",
  "read_orders",
  "write_orders",
  "read_customer_payment_methods",
  "read_purchase_options",
  "write_purchase_options",
  "read_payment_mandate",
  "write_payment_mandate",
  "read_payment_terms",
  "write_payment_terms",
  "read_merchant_managed_fulfillment_orders",
  "write_merchant_managed_fulfillment_orders",
  "read_inventory",
  "read_returns",
] as const;

const httpUrl = z
  .string()
  .url()
  .refine((value) => /^https?:\/\//.test(value), "must be an http(s) URL")
  .transform((value) => value.replace(/\/+$/, ""));

const EnvSchema = z.object({
  SHOPIFY_API_KEY: z.string().min(1, "is required (the app's client id)"),
  SHOPIFY_API_SECRET: z.string().min(1, "is required (the app's client secret)"),
  SHOPIFY_APP_URL: httpUrl,
  SCOPES: z.string().optional(),
  SHOP_CUSTOM_DOMAIN: z.string().optional(),
  /** Where the Admin API lives; unset means each shop's own https://{shop} host, as in production. */
  SHOPIFY_ADMIN_API_ORIGIN: httpUrl.optional(),
  /**
   * The local Shopify simulator. Setting it turns on the local-only seams (README, "Local seams"):
   * the App Bridge stand-in script, the /local/install route, and the simulator as Admin API origin.
   */
  SHOPIFY_LOCAL_SIMULATOR_URL: httpUrl.optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /**
   * Where webhook deliveries are processed once stored and acknowledged: `web` (default) in the web process's
   * background, the worker taking what it could not; `worker` only by the worker process (`npm run worker`),
   * which then takes each delivery at once, so web processes spend nothing but acknowledging.
   */
  WEBHOOK_PROCESSING: z.enum(["web", "worker"]).default("web"),
});

export type AppConfig = ReturnType<typeof parseConfig>;

export function parseConfig(env: Record<string, string | undefined>) {
  // An empty variable (FOO= in an .env file) means "not set".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const result = EnvSchema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  const value = result.data;
  const localSimulatorUrl = value.SHOPIFY_LOCAL_SIMULATOR_URL;
  return {
    apiKey: value.SHOPIFY_API_KEY,
    apiSecret: value.SHOPIFY_API_SECRET,
    appUrl: value.SHOPIFY_APP_URL,
    scopes: value.SCOPES ? value.SCOPES.split(",").map((scope) => scope.trim()) : [...APP_SCOPES],
    customShopDomains: value.SHOP_CUSTOM_DOMAIN ? [value.SHOP_CUSTOM_DOMAIN] : undefined,
    adminApiOrigin: value.SHOPIFY_ADMIN_API_ORIGIN ?? localSimulatorUrl,
    logLevel: value.LOG_LEVEL,
    webhookProcessing: value.WEBHOOK_PROCESSING,
    /** Present only when the local simulator seams are on. */
    local: localSimulatorUrl
      ? { simulatorUrl: localSimulatorUrl, appBridgeUrl: `${localSimulatorUrl}/app-bridge.js` }
      : undefined,
  };
}

let cached: AppConfig | undefined;

export function config(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}
