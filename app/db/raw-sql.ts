// Raw statements written once for both databases: named placeholders bound in each dialect's form, and timestamps
// in the form each stores (the few queries Prisma's query builder cannot express: claims, dashboard sums).

/** A timestamp as the raw statements compare it: Prisma's SQLite text form, or ISO text cast on PostgreSQL. */
export function sqlTime(date: Date, postgres: boolean): string {
  const iso = date.toISOString();
  return postgres ? iso : iso.replace(/Z$/, "+00:00");
}

/**
 * Named placeholders (`:name`) to the dialect's: PostgreSQL numbers each value once (`$1`, timestamps cast),
 * SQLite takes one `?` per occurrence, in the order they appear.
 */
export function bind(
  sql: string,
  values: Record<string, unknown>,
  postgres: boolean,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const numbered = new Map<string, string>();
  const text = sql.replace(/:([A-Za-z][A-Za-z0-9]*)/g, (_match, name: string) => {
    if (!(name in values)) throw new Error(`No value for :${name}`);
    const value = values[name];
    const param = value instanceof Date ? sqlTime(value, postgres) : value;
    if (!postgres) {
      params.push(param);
      return "?";
    }
    let placeholder = numbered.get(name);
    if (!placeholder) {
      params.push(param);
      placeholder = `$${params.length}${value instanceof Date ? "::timestamp" : typeof value === "number" ? "::int" : ""}`;
      numbered.set(name, placeholder);
    }
    return placeholder;
  });
  return { sql: text, params };
}
