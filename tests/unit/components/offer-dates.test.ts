// Date-only form values <-> instants at the start of the day in the shop's time zone, including DST edges.
import { describe, expect, it } from "vitest";
import { dateOnlyToInstant, earliestPickableDate, instantToDateOnly } from "~/components/offers/dates";

describe("dateOnlyToInstant", () => {
  it("is midnight UTC for a UTC shop", () => {
    expect(dateOnlyToInstant("2027-03-01", "UTC")).toBe("2027-03-01T00:00:00Z");
  });

  it("is the start of the day in the shop's zone, not the browser's or UTC", () => {
    expect(dateOnlyToInstant("2027-03-01", "America/New_York")).toBe("2027-03-01T05:00:00Z");
    // East of UTC the instant falls on the previous UTC day.
    expect(dateOnlyToInstant("2027-03-01", "Asia/Tokyo")).toBe("2027-02-28T15:00:00Z");
    expect(dateOnlyToInstant("2027-03-01", "Asia/Kolkata")).toBe("2027-02-28T18:30:00Z");
  });

  it("follows the offset in force on that day (summer time)", () => {
    expect(dateOnlyToInstant("2027-07-01", "America/New_York")).toBe("2027-07-01T04:00:00Z");
    expect(dateOnlyToInstant("2027-07-01", "Europe/London")).toBe("2027-06-30T23:00:00Z");
  });

  it("starts a day whose midnight does not exist at its first real instant (Santiago, DST at 00:00)", () => {
    // Chile moves from -04 to -03 at 00:00 on 6 September 2026: the day begins at 01:00 -03.
    const start = dateOnlyToInstant("2026-09-06", "America/Santiago");
    expect(start).toBe("2026-09-06T04:00:00Z");
    expect(instantToDateOnly(start!, "America/Santiago")).toBe("2026-09-06");
    // The day before lasted its full 24 hours, the day after starts an hour earlier in UTC.
    expect(dateOnlyToInstant("2026-09-05", "America/Santiago")).toBe("2026-09-05T04:00:00Z");
    expect(dateOnlyToInstant("2026-09-07", "America/Santiago")).toBe("2026-09-07T03:00:00Z");
  });

  it("handles the 25-hour day when summer time ends (London)", () => {
    expect(dateOnlyToInstant("2026-10-25", "Europe/London")).toBe("2026-10-24T23:00:00Z");
    expect(dateOnlyToInstant("2026-10-26", "Europe/London")).toBe("2026-10-26T00:00:00Z");
  });

  it("refuses what is not a calendar date", () => {
    expect(dateOnlyToInstant("", "UTC")).toBeNull();
    expect(dateOnlyToInstant("2027-02-30", "UTC")).toBeNull();
    expect(dateOnlyToInstant("1 March 2027", "UTC")).toBeNull();
    expect(dateOnlyToInstant("2027-03-01T10:00:00Z", "UTC")).toBeNull();
  });
});

describe("instantToDateOnly", () => {
  it("reads the date in the shop's zone", () => {
    expect(instantToDateOnly("2027-02-28T15:00:00Z", "Asia/Tokyo")).toBe("2027-03-01");
    expect(instantToDateOnly("2027-02-28T15:00:00Z", "UTC")).toBe("2027-02-28");
    expect(instantToDateOnly("2027-03-01T03:00:00Z", "America/New_York")).toBe("2027-02-28");
  });

  it("round-trips every day of a year with two DST changes", () => {
    for (const zone of ["America/New_York", "Europe/Paris", "America/Santiago", "Australia/Lord_Howe"]) {
      for (let day = 0; day < 366; day++) {
        const date = new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10);
        expect(instantToDateOnly(dateOnlyToInstant(date, zone)!, zone)).toBe(date);
      }
    }
  });

  it("is null for text that is not an instant", () => {
    expect(instantToDateOnly("soon", "UTC")).toBeNull();
  });
});

describe("earliestPickableDate", () => {
  it("is tomorrow in the shop's zone", () => {
    const now = new Date("2026-11-24T23:30:00Z");
    expect(earliestPickableDate(now, "UTC")).toBe("2026-11-25");
    // Already 25 November in Tokyo.
    expect(earliestPickableDate(now, "Asia/Tokyo")).toBe("2026-11-26");
    expect(earliestPickableDate(now, "America/Los_Angeles")).toBe("2026-11-25");
  });
});
