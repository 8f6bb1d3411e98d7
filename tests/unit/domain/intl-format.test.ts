import { describe, expect, it } from "vitest";
import { dateTimeFormat, numberFormat, pluralRules } from "../../../app/domain/intl-format";

describe("Intl formatters made once and reused", () => {
  it("gives the same formatter for the same locale and options, and formats as Intl does", () => {
    const options = { dateStyle: "medium", timeZone: "Asia/Tokyo" } as const;
    const first = dateTimeFormat("en-GB", options);
    expect(dateTimeFormat("en-GB", { ...options })).toBe(first);
    const instant = new Date("2026-12-31T20:00:00Z"); // already 1 January in Tokyo
    expect(first.format(instant)).toBe("1 Jan 2027");
  });

  it("keeps formatters apart by locale, time zone and currency", () => {
    const at = new Date("2026-12-31T20:00:00Z");
    expect(dateTimeFormat("en-US", { dateStyle: "medium", timeZone: "America/New_York" }).format(at)).toBe(
      "Dec 31, 2026",
    );
    expect(dateTimeFormat("de-DE", { dateStyle: "medium", timeZone: "America/New_York" }).format(at)).toBe(
      "31.12.2026",
    );
    const money = (locale: string, currency: string) =>
      numberFormat(locale, { style: "currency", currency })
        .format("1234.5" as Intl.StringNumericLiteral)
        .replace(/\s/g, " "); // French groups and spaces with no-break spaces
    expect(money("en-US", "USD")).toBe("$1,234.50");
    expect(money("en-US", "EUR")).toBe("€1,234.50");
    expect(money("fr-FR", "EUR")).toBe("1 234,50 €");
    expect(pluralRules("en", {}).select(1)).toBe("one");
    expect(pluralRules("en", {}).select(2)).toBe("other");
  });

  it("throws for a time zone Intl does not know, every time (a failure is not kept)", () => {
    expect(() => dateTimeFormat("en", { timeZone: "Mars/Olympus" })).toThrow(RangeError);
    expect(() => dateTimeFormat("en", { timeZone: "Mars/Olympus" })).toThrow(RangeError);
  });
});
