// A keyset page (a page that starts just after, or just before, a row of the one beside it) from rows read one
// beyond the page's size: the extra row says whether more lie the way it was read. Shared by the lists that page
// forward and back (the deferred orders, the webhook deliveries).

/** How the page was reached: the list's start, its next page (read in the list's order), or its previous one (read
 * in the reverse order, from the first row of the page after it). */
export type PageTravel = "first" | "forward" | "backward";

/**
 * `read` holds at most `pageSize + 1` rows in the order they were read. Returns the page in the list's order, and
 * whether a page lies after it and before it (none around an empty page).
 */
export function keysetPage<T>(read: readonly T[], pageSize: number, travel: PageTravel) {
  const more = read.length > pageSize;
  const rows = read.slice(0, pageSize);
  if (travel === "backward") rows.reverse();
  const some = rows.length > 0;
  return {
    rows,
    hasNext: some && (travel === "backward" || more),
    hasPrevious: some && (travel === "backward" ? more : travel === "forward"),
  };
}
