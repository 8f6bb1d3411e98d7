// Metafield and AppInstallation objects as the Admin API returns them (the owner views come from the caller).
import { createHash } from "node:crypto";
import type { RequestContext } from "./context.js";
import type { MetafieldRecord } from "../state/metafields.js";
import { gid } from "../state/ids.js";
import { appInstallationGid, readMetafield } from "../operations/metafields.js";

type MetafieldArgs = { namespace?: string | null; key: string };

/** The typed value behind `jsonValue`: JSON parsed, integers and booleans as such, text as text. */
function jsonValueOf(r: MetafieldRecord): unknown {
  switch (r.type) {
    case "json":
      return JSON.parse(r.value);
    case "number_integer":
      return Number(r.value);
    case "boolean":
      return r.value === "true";
    default:
      return r.value;
  }
}

export function metafieldView(r: MetafieldRecord, owner: () => object) {
  return {
    __typename: "Metafield",
    id: gid("Metafield", r.id),
    legacyResourceId: String(r.id),
    namespace: r.namespace,
    key: r.key,
    type: r.type,
    value: r.value,
    jsonValue: () => jsonValueOf(r),
    ownerType: r.ownerType,
    owner,
    // Opaque to clients; any digest of the stored value that changes with it will do.
    compareDigest: createHash("sha256").update(r.value).digest("hex"),
    sizeInBytes: Buffer.byteLength(r.value, "utf8"),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/** The `metafield(namespace:, key:)` field for an owner view. */
export function metafieldField(ctx: RequestContext, ownerId: string, owner: () => object) {
  return (args: MetafieldArgs) => {
    const r = readMetafield(ctx.sim, ctx.shop, ownerId, args.namespace, args.key);
    return r ? metafieldView(r, owner) : null;
  };
}

/** `currentAppInstallation`: the calling app's installation on the token's shop, owner of app-data metafields. */
export function appInstallationView(ctx: RequestContext): object {
  const id = appInstallationGid(ctx.sim, ctx.shop);
  const view: Record<string, unknown> = { __typename: "AppInstallation", id };
  view.metafield = metafieldField(ctx, id, () => view);
  return view;
}
