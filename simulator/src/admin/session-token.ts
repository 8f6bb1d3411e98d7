// Session tokens as the Shopify admin issues them to embedded apps: HS256 JWTs signed with the app's secret.
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";

/** Shopify's session tokens live one minute; App Bridge fetches a new one for every request that needs it. */
export const SESSION_TOKEN_TTL_SECONDS = 60;

export interface SessionTokenInput {
  apiKey: string;
  apiSecret: string;
  /** The shop's permanent domain, e.g. "demo.myshopify.com". */
  shop: string;
  /** The staff member viewing the app (Shopify's numeric user id, as a string). */
  userId: string;
  /** The admin login session; stable while the same person stays signed in. */
  sessionId: string;
  /**
   * Seconds since the epoch. Deliberately wall-clock time, never the simulator's adjustable clock:
   * the app verifies `exp`/`nbf` against its own clock, so a token from a shifted clock would be refused.
   */
  nowSeconds?: number;
}

export interface SessionTokenClaims {
  iss: string;
  dest: string;
  aud: string;
  sub: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  sid: string;
}

/** The claims Shopify puts in a session token (https://shopify.dev/docs/apps/build/authentication-authorization/session-tokens). */
export function sessionTokenClaims(input: SessionTokenInput): SessionTokenClaims {
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  return {
    iss: `https://${input.shop}/admin`,
    dest: `https://${input.shop}`,
    aud: input.apiKey,
    sub: input.userId,
    exp: now + SESSION_TOKEN_TTL_SECONDS,
    nbf: now,
    iat: now,
    jti: randomUUID(),
    sid: input.sessionId,
  };
}

/** Signs a session token that @shopify/shopify-api's `session.decodeSessionToken` accepts. */
export async function signSessionToken(
  input: SessionTokenInput,
): Promise<{ token: string; claims: SessionTokenClaims }> {
  const claims = sessionTokenClaims(input);
  const token = await new SignJWT({ ...claims })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .sign(hmacKey(input.apiSecret));
  return { token, claims };
}

/** The key bytes exactly as @shopify/shopify-api derives them (one byte per UTF-16 code unit), so non-ASCII secrets agree too. */
function hmacKey(secret: string): Uint8Array {
  const bytes = new Uint8Array(secret.length);
  for (let i = 0; i < secret.length; i++) bytes[i] = secret.charCodeAt(i);
  return bytes;
}
