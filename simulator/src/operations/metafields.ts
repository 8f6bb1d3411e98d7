// metafieldsSet / metafieldsDelete and metafield reads: the `$app` reserved namespace, Shopify's input rules, atomic batches.
import { createHash } from "node:crypto";
import { GraphQLError } from "graphql";
import type { Simulator } from "../sim.js";
import type { ShopState } from "../state/store.js";
import type { MetafieldOwnerType, MetafieldRecord } from "../state/metafields.js";
import { gid, parseGid } from "../state/ids.js";
import { notImplementedError } from "../graphql/errors.js";

/** metafieldsSet accepts at most 25 metafields per call. */
export const METAFIELDS_SET_LIMIT = 25;

/** Types whose values the simulator validates; any other type is refused as not implemented rather than accepted blindly. */
const MODELLED_TYPES = new Set([
  "json",
  "single_line_text_field",
  "multi_line_text_field",
  "number_integer",
  "boolean",
]);

const NAME_CHARS = /^[A-Za-z0-9_-]+$/;

export interface MetafieldsSetInput {
  ownerId: string;
  namespace?: string | null;
  key: string;
  type?: string | null;
  value: string;
  compareDigest?: string | null;
}

export interface MetafieldIdentifierInput {
  ownerId: string;
  namespace: string;
  key: string;
}

export interface MetafieldsSetUserError {
  field: string[];
  message: string;
  code: string;
  elementIndex: number;
}

/**
 * The app's numeric id, which Shopify puts in reserved namespaces (`app--<id>--…`). The simulator knows the app only
 * by its client id (API key), so the number is derived from it: stable for one app, different for another.
 */
export function appNumericId(apiKey: string): number {
  const digest = createHash("sha256").update(apiKey).digest();
  return 1_000_000 + (digest.readUInt32BE(0) % 9_000_000);
}

/** The shop's installation of this app (`currentAppInstallation`), numbered on first use. */
export function installationIdOf(sim: Simulator, s: ShopState): number {
  s.metafields.installationId ??= sim.store.ids.take();
  return s.metafields.installationId;
}

/** `$app` -> `app--<id>`, `$app:x` -> `app--<id>--x`, omitted -> the app's reserved namespace; others unchanged. */
export function resolveNamespace(sim: Simulator, namespace: string | null | undefined): string {
  const reserved = `app--${appNumericId(sim.config.apiKey)}`;
  if (namespace === null || namespace === undefined || namespace === "$app") return reserved;
  if (namespace.startsWith("$app:")) return `${reserved}--${namespace.slice("$app:".length)}`;
  return namespace;
}

/** Another app's reserved namespace: readable and writable only by that app. */
function isForeignReserved(sim: Simulator, resolved: string): boolean {
  const own = `app--${appNumericId(sim.config.apiKey)}`;
  return resolved.startsWith("app--") && resolved !== own && !resolved.startsWith(`${own}--`);
}

/** The owner type of a gid, null when no such owner exists; unmodelled owner types are an error. */
export function ownerTypeOf(
  sim: Simulator,
  s: ShopState,
  ownerId: string,
  operation: string,
): MetafieldOwnerType | null {
  const parsed = parseGid(ownerId);
  if (!parsed) return null;
  const id = /^\d+$/.test(parsed.id) ? Number(parsed.id) : null;
  switch (parsed.type) {
    case "Product":
      return id !== null && s.products.has(id) ? "PRODUCT" : null;
    case "ProductVariant":
      return id !== null && s.variants.has(id) ? "PRODUCTVARIANT" : null;
    case "AppInstallation":
      // Only the calling app's own installation: another app's data is not reachable with this token.
      return id !== null && id === installationIdOf(sim, s) ? "API_PERMISSION" : null;
    default:
      throw notImplementedError(`${operation} on ${parsed.type} owners`);
  }
}

function nameErrors(
  value: string,
  what: "Key" | "Namespace",
  min: number,
  max: number,
): { message: string; code: string } | null {
  if (value.length < min) return { message: `${what} is too short (minimum is ${min} characters)`, code: "TOO_SHORT" };
  if (value.length > max) return { message: `${what} is too long (maximum is ${max} characters)`, code: "TOO_LONG" };
  if (!NAME_CHARS.test(value)) return { message: `${what} contains one or more invalid characters.`, code: "INVALID" };
  return null;
}

function valueError(type: string, value: string): { message: string; code: string } | null {
  if (value === "") return { message: "Value can't be blank.", code: "BLANK" };
  switch (type) {
    case "json":
      try {
        JSON.parse(value);
        return null;
      } catch (e) {
        return { message: `Value is invalid JSON: ${(e as Error).message}.`, code: "INVALID_VALUE" };
      }
    case "number_integer":
      return /^-?\d+$/.test(value.trim()) &&
        BigInt(value.trim()) <= 9_223_372_036_854_775_807n &&
        BigInt(value.trim()) >= -9_223_372_036_854_775_808n
        ? null
        : { message: "Value must be an integer.", code: "INVALID_VALUE" };
    case "boolean":
      return value === "true" || value === "false"
        ? null
        : { message: "Value must be true or false.", code: "INVALID_VALUE" };
    case "single_line_text_field":
      return /[\r\n]/.test(value)
        ? { message: "Value must be a single line text string.", code: "INVALID_VALUE" }
        : null;
    default:
      return null;
  }
}

/** JSON values are kept re-serialised (compact), the way Shopify returns them; other types as sent. */
function storedValue(type: string, value: string): string {
  return type === "json" ? JSON.stringify(JSON.parse(value)) : value;
}

/** metafieldsSet: validates every element first and writes nothing if one fails, as Shopify's atomic mutation does. */
export function setMetafields(
  sim: Simulator,
  s: ShopState,
  inputs: readonly MetafieldsSetInput[],
): { metafields: MetafieldRecord[]; userErrors: MetafieldsSetUserError[] } {
  if (inputs.length > METAFIELDS_SET_LIMIT) {
    throw new GraphQLError(
      `The input array size of ${inputs.length} is greater than the maximum allowed of ${METAFIELDS_SET_LIMIT}.`,
      { extensions: { code: "MAX_INPUT_SIZE_EXCEEDED" } },
    );
  }
  const userErrors: MetafieldsSetUserError[] = [];
  const planned: Array<Omit<MetafieldRecord, "id" | "createdAt" | "updatedAt">> = [];
  inputs.forEach((input, index) => {
    const fail = (field: string, error: { message: string; code: string }) =>
      userErrors.push({ field: ["metafields", String(index), field], ...error, elementIndex: index });
    if (input.compareDigest !== undefined) throw notImplementedError("metafieldsSet(compareDigest:)");

    const ownerType = ownerTypeOf(sim, s, input.ownerId, "metafieldsSet");
    if (ownerType === null) return fail("ownerId", { message: "Owner does not exist.", code: "INVALID" });

    const keyError = nameErrors(input.key, "Key", 2, 64);
    if (keyError) return fail("key", keyError);
    const raw = input.namespace;
    const suffix = raw?.startsWith("$app:") ? raw.slice("$app:".length) : null;
    const namespaceError =
      raw === null || raw === undefined || raw === "$app"
        ? null
        : suffix !== null
          ? nameErrors(suffix, "Namespace", 1, 255)
          : nameErrors(raw, "Namespace", 3, 255);
    if (namespaceError) return fail("namespace", namespaceError);
    const namespace = resolveNamespace(sim, raw);
    if (isForeignReserved(sim, namespace)) {
      return fail("namespace", {
        message: "Access to this namespace and key on Metafields for this resource type is not allowed.",
        code: "APP_NOT_AUTHORIZED",
      });
    }

    const existing = s.metafields.get(input.ownerId, namespace, input.key);
    const type = input.type ?? existing?.type;
    // No metafield definitions are modelled, so the type must come with the value or from the metafield already there.
    if (!type) return fail("type", { message: "Type can't be blank.", code: "BLANK" });
    if (!MODELLED_TYPES.has(type)) throw notImplementedError(`metafield type "${type}"`);
    if (existing && existing.type !== type) throw notImplementedError("changing the type of an existing metafield");
    const error = valueError(type, input.value);
    if (error) return fail("value", error);

    planned.push({
      ownerId: input.ownerId,
      ownerType,
      namespace,
      key: input.key,
      type,
      value: storedValue(type, input.value),
    });
  });
  if (userErrors.length > 0) return { metafields: [], userErrors };

  const now = sim.now();
  const metafields = planned.map((p) => {
    const existing = s.metafields.get(p.ownerId, p.namespace, p.key);
    const record: MetafieldRecord = existing
      ? { ...existing, value: p.value, updatedAt: existing.value === p.value ? existing.updatedAt : now }
      : { ...p, id: sim.store.ids.take(), createdAt: now, updatedAt: now };
    s.metafields.put(record);
    return record;
  });
  return { metafields, userErrors: [] };
}

/** metafieldsDelete: one entry per identifier, null where there was nothing to delete. */
export function deleteMetafields(
  sim: Simulator,
  s: ShopState,
  identifiers: readonly MetafieldIdentifierInput[],
): { deletedMetafields: Array<MetafieldIdentifierInput | null>; userErrors: { field: string[]; message: string }[] } {
  if (identifiers.length === 0) {
    return {
      deletedMetafields: [],
      userErrors: [{ field: ["metafields"], message: "At least one metafield is required." }],
    };
  }
  const userErrors: { field: string[]; message: string }[] = [];
  const resolved = identifiers.map((identifier, index) => {
    ownerTypeOf(sim, s, identifier.ownerId, "metafieldsDelete");
    const namespace = resolveNamespace(sim, identifier.namespace);
    if (isForeignReserved(sim, namespace)) {
      userErrors.push({
        field: ["metafields", String(index), "namespace"],
        message: "Access to this namespace and key on Metafields for this resource type is not allowed.",
      });
    }
    return { ownerId: identifier.ownerId, namespace, key: identifier.key };
  });
  if (userErrors.length > 0) return { deletedMetafields: [], userErrors };
  return {
    deletedMetafields: resolved.map((r) => (s.metafields.delete(r.ownerId, r.namespace, r.key) ? r : null)),
    userErrors: [],
  };
}

/** The `metafield(namespace:, key:)` field of an owner; another app's reserved namespace reads as absent. */
export function readMetafield(
  sim: Simulator,
  s: ShopState,
  ownerId: string,
  namespace: string | null | undefined,
  key: string,
): MetafieldRecord | null {
  const resolved = resolveNamespace(sim, namespace);
  if (isForeignReserved(sim, resolved)) return null;
  return s.metafields.get(ownerId, resolved, key) ?? null;
}

export function appInstallationGid(sim: Simulator, s: ShopState): string {
  return gid("AppInstallation", installationIdOf(sim, s));
}
