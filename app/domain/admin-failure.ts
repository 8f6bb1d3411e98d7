// Why a call to Shopify failed, in terms a page can put into words: use cases classify the gateway's errors as these.

export type AdminFailure =
  /** Shopify's rate limit held the request back: nothing was changed. */
  | { kind: "THROTTLED" }
  /** The request left but no answer came: Shopify may or may not have applied it. */
  | { kind: "NO_ANSWER" }
  /** The request never reached Shopify: nothing was changed. */
  | { kind: "UNREACHABLE" }
  /** Shopify refused the app's access token (uninstalled, or the token was revoked). */
  | { kind: "UNAUTHORIZED" }
  /** Shopify ran the mutation and refused the input, with its reasons. */
  | { kind: "REFUSED"; messages: string[] }
  /** Anything else Shopify answered with (an internal error, an unexpected body). */
  | { kind: "OTHER" };
