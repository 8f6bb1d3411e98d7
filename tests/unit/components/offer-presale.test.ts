// The pre-sale badge's words and tone, open, nearly full and closed.
import { describe, expect, it } from "vitest";
import { presaleBadge } from "~/components/offers/presale";

describe("pre-sale badge", () => {
  it("counts units sold against the cap while open", () => {
    expect(presaleBadge({ limit: 50, sold: 12, closedAt: null })).toEqual({ label: "12 of 50 sold", tone: "info" });
  });

  it("draws attention in the last tenth of the cap", () => {
    expect(presaleBadge({ limit: 50, sold: 44, closedAt: null }).tone).toBe("info");
    expect(presaleBadge({ limit: 50, sold: 45, closedAt: null }).tone).toBe("attention");
  });

  it("says the pre-sale closed once the cap closed it", () => {
    expect(presaleBadge({ limit: 50, sold: 50, closedAt: "2026-11-20T10:00:00.000Z" })).toEqual({
      label: "Pre-sale closed: 50 of 50 sold",
      tone: "critical",
    });
  });

  it("gives only the units sold when the cap was removed after closing", () => {
    expect(presaleBadge({ limit: 0, sold: 7, closedAt: "2026-11-20T10:00:00.000Z" }).label).toBe(
      "Pre-sale closed: 7 sold",
    );
  });

  it("groups thousands", () => {
    expect(presaleBadge({ limit: 10_000, sold: 1_234, closedAt: null }).label).toBe("1,234 of 10,000 sold");
  });
});
