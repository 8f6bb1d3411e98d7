// Dates as the e2e tests expect the app to show and store them, worked out with Intl, independently of the app's
// luxon code.

/** A day `days` from now as "YYYY-MM-DD" (a date input's value), and the start of that day in `timeZone`. */
export function dayAhead(days: number, timeZone: string) {
  const date = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  // The zone's offset at an instant...
  const offsetAt = (instant: number) => {
    const wall = new Date(new Date(instant).toLocaleString("en-US", { timeZone }));
    const utc = new Date(new Date(instant).toLocaleString("en-US", { timeZone: "UTC" }));
    return wall.getTime() - utc.getTime();
  };
  // ...applied twice, so a DST change between midnight UTC and local midnight is taken into account.
  const midnightUtc = Date.parse(`${date}T00:00:00Z`);
  const guess = midnightUtc - offsetAt(midnightUtc);
  return { date, startOfDay: new Date(midnightUtc - offsetAt(guess)) };
}
