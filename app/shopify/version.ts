// The one place the Admin API version is pinned; shopify.app.toml's [webhooks] api_version must match (tested).
export const ADMIN_API_VERSION = "2026-10";

export type AdminApiVersion = typeof ADMIN_API_VERSION;
