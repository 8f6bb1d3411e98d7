// Reads the app's webhook subscriptions (topics -> uri, compliance topics) from shopify.app.toml.
import { readFileSync } from "node:fs";
import { parse } from "smol-toml";

export interface Subscriptions {
  apiVersion: string | null;
  scopes: string[];
  /** topic ("orders/create") -> path or absolute URL. */
  uris: Map<string, string>;
}

export const COMPLIANCE_TOPICS = ["customers/data_request", "customers/redact", "shop/redact"] as const;

export function parseSubscriptions(tomlText: string): Subscriptions {
  const doc = parse(tomlText) as {
    webhooks?: {
      api_version?: string;
      subscriptions?: { topics?: string[]; compliance_topics?: string[]; uri?: string }[];
    };
    access_scopes?: { scopes?: string };
  };
  const uris = new Map<string, string>();
  for (const sub of doc.webhooks?.subscriptions ?? []) {
    if (!sub.uri) continue;
    for (const t of [...(sub.topics ?? []), ...(sub.compliance_topics ?? [])]) uris.set(t, sub.uri);
  }
  const scopes = (doc.access_scopes?.scopes ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return { apiVersion: doc.webhooks?.api_version ?? null, scopes, uris };
}

export function loadSubscriptions(path: string): Subscriptions {
  return parseSubscriptions(readFileSync(path, "utf8"));
}
