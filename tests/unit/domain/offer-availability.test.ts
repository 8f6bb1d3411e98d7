import { describe, expect, it } from "vitest";
import { availabilityAt, nextWindowChange, parseSalesWindow, toLocalDateTimeInput } from "~/domain/offer-availability";

const at = (iso: string) => new Date(iso);
const none = { pausedAt: null, salesStartsAt: null, salesEndsAt: null };

describe("offer availability", () => {
  it("is on sale inside its window, not before the start nor from the end on; a pause wins", () => {
    const window = { ...none, salesStartsAt: at("2027-03-01T14:00:00Z"), salesEndsAt: at("2027-03-08T14:00:00Z") };
    expect(availabilityAt(window, at("2027-03-01T13:59:59Z"))).toBe("NOT_STARTED");
    expect(availabilityAt(window, at("2027-03-01T14:00:00Z"))).toBe("ON_SALE");
    expect(availabilityAt(window, at("2027-03-08T14:00:00Z"))).toBe("ENDED");
    expect(availabilityAt({ ...window, pausedAt: at("2027-03-02T00:00:00Z") }, at("2027-03-03T00:00:00Z"))).toBe(
      "PAUSED",
    );
    expect(availabilityAt(none, at("2027-03-03T00:00:00Z"))).toBe("ON_SALE");
  });

  it("names the window's next end still ahead, for the worker", () => {
    const window = { salesStartsAt: at("2027-03-01T14:00:00Z"), salesEndsAt: at("2027-03-08T14:00:00Z") };
    expect(nextWindowChange(window, at("2027-02-01T00:00:00Z"))).toEqual(at("2027-03-01T14:00:00Z"));
    expect(nextWindowChange(window, at("2027-03-01T14:00:00Z"))).toEqual(at("2027-03-08T14:00:00Z"));
    expect(nextWindowChange(window, at("2027-03-08T14:00:00Z"))).toBeNull();
    expect(nextWindowChange({ salesStartsAt: null, salesEndsAt: null }, at("2027-03-01T00:00:00Z"))).toBeNull();
  });

  it("reads the typed window in the shop's time zone, across a change of clocks, and writes it back the same", () => {
    const context = { timeZone: "America/Toronto", now: at("2027-02-01T00:00:00Z") };
    // 9:00 in Toronto is 14:00 UTC in winter (EST) and 13:00 UTC after clocks go forward on 14 March (EDT).
    const parsed = parseSalesWindow({ startsAt: "2027-03-01T09:00", endsAt: "2027-03-20T09:00" }, context);
    expect(parsed).toEqual({
      ok: true,
      salesStartsAt: at("2027-03-01T14:00:00Z"),
      salesEndsAt: at("2027-03-20T13:00:00Z"),
    });
    expect(toLocalDateTimeInput(at("2027-03-20T13:00:00Z"), "America/Toronto")).toBe("2027-03-20T09:00");
    expect(toLocalDateTimeInput(null, "America/Toronto")).toBe("");
    expect(parseSalesWindow({ startsAt: " ", endsAt: "" }, context)).toEqual({
      ok: true,
      salesStartsAt: null,
      salesEndsAt: null,
    });
  });
});
