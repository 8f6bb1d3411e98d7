// Structured logging with pino; secrets are redacted wherever they appear in a logged object.
import pino from "pino";

export const REDACTED_PATHS = [
  "accessToken",
  "*.accessToken",
  "*.*.accessToken",
  "token",
  "*.token",
  "apiSecret",
  "*.apiSecret",
  "headers.authorization",
  "headers.Authorization",
  'headers["x-shopify-access-token"]',
  'headers["X-Shopify-Access-Token"]',
  'headers["x-shopify-hmac-sha256"]',
  "*.headers.authorization",
  'headers["x-simulator-hmac"]',
];

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}) {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? "info",
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      base: { app: "deferred-purchase-options" },
    },
    options.destination,
  );
}

export const logger = createLogger();
export type Logger = pino.Logger;
