// The webhook deliveries page: every delivery of the shop, newest first, a page at a time.
import { listDeliveryPage, type DeliveryPosition } from "../db/webhook-events.server";
import { keysetPage } from "../domain/keyset-page";
import type { ShopScope } from "./shop-scope.server";

export const DELIVERIES_PER_PAGE = 50;

/** An opaque place in the list for a URL: the delivery's receipt time and id. */
function cursorOf(row: DeliveryPosition): string {
  return Buffer.from(JSON.stringify([row.receivedAt.toISOString(), row.id])).toString("base64url");
}

function positionOf(cursor: string | null | undefined): DeliveryPosition | undefined {
  if (!cursor) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    const receivedAt = typeof at === "string" ? new Date(at) : null;
    if (!receivedAt || Number.isNaN(receivedAt.getTime()) || typeof id !== "string") return undefined;
    return { receivedAt, id };
  } catch {
    return undefined;
  }
}

/**
 * One page of the shop's deliveries: the newest, or those just older than `before` / just newer than `after` (cursors
 * from an earlier page; one that is not a cursor is ignored). A page read one row further says whether more follow.
 */
export async function deliveriesPage(
  scope: ShopScope,
  cursors: { before?: string | null; after?: string | null },
  pageSize = DELIVERIES_PER_PAGE,
) {
  const before = positionOf(cursors.before);
  const after = before ? undefined : positionOf(cursors.after);
  const read = await listDeliveryPage(scope.db, scope.shop, { before, after, take: pageSize + 1 });
  // Newest first: the next page is older (read after `before`), the previous one newer (read back from `after`).
  const travel = before ? "forward" : after ? "backward" : "first";
  const { rows, hasNext, hasPrevious } = keysetPage(read, pageSize, travel);
  const first = rows[0];
  const last = rows[rows.length - 1];
  return {
    rows,
    hasNext,
    hasPrevious,
    nextCursor: last ? cursorOf(last) : null,
    previousCursor: first ? cursorOf(first) : null,
  };
}
