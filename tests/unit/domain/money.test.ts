// Exact money: parsing Shopify decimals per currency exponent, arithmetic, rounding, allocation and formatting.
import { describe, expect, it } from "vitest";
import {
  addMoney,
  allocateMoney,
  compareMoney,
  currencyExponent,
  formatMoney,
  isNegativeMoney,
  isPositiveMoney,
  isSupportedCurrency,
  isZeroMoney,
  minMoney,
  MoneyError,
  moneyEquals,
  moneyFromMinorUnits,
  multiplyByQuantity,
  normalizeDecimal,
  parseMoney,
  percentageOf,
  subtractMoney,
  sumMoney,
  toDecimalString,
  zeroMoney,
} from "~/domain/money";

const usd = (decimal: string) => parseMoney(decimal, "USD");
const jpy = (decimal: string) => parseMoney(decimal, "JPY");
const kwd = (decimal: string) => parseMoney(decimal, "KWD");

describe("currency table", () => {
  it.each([
    ["JPY", 0],
    ["KRW", 0],
    ["USD", 2],
    ["EUR", 2],
    ["KWD", 3],
    ["BHD", 3],
    ["JOD", 3],
    ["OMR", 3],
    ["TND", 3],
    // Listed in Shopify's CurrencyCode enum, withdrawn from ISO 4217 (not in dinero's table).
    ["HRK", 2],
    ["ANG", 2],
  ])("%s has %i decimals", (code, exponent) => {
    expect(currencyExponent(code)).toBe(exponent);
    expect(isSupportedCurrency(code)).toBe(true);
  });

  it("rejects codes that cannot price anything", () => {
    expect(isSupportedCurrency("XXX")).toBe(false);
    expect(isSupportedCurrency("usd")).toBe(false);
    expect(isSupportedCurrency(42)).toBe(false);
    expect(() => currencyExponent("ABC")).toThrow(MoneyError);
  });
});

describe("parseMoney", () => {
  it("reads decimal strings into minor units", () => {
    expect(usd("12.50").minorUnits).toBe(1250n);
    expect(usd("12.5").minorUnits).toBe(1250n);
    expect(usd("12").minorUnits).toBe(1200n);
    expect(usd("0.05").minorUnits).toBe(5n);
    expect(usd("-3.2").minorUnits).toBe(-320n);
    expect(jpy("1000").minorUnits).toBe(1000n);
    expect(kwd("1.005").minorUnits).toBe(1005n);
    expect(kwd("12").minorUnits).toBe(12000n);
  });

  it('accepts trailing zeros beyond the exponent, as Shopify sends them ("10.0", "1000.00")', () => {
    expect(usd("10.0").minorUnits).toBe(1000n);
    expect(usd("12.500").minorUnits).toBe(1250n);
    expect(jpy("1000.00").minorUnits).toBe(1000n);
    expect(kwd("1.0050").minorUnits).toBe(1005n);
  });

  it("refuses to round a real sub-unit amount", () => {
    expect(() => usd("12.505")).toThrow(/more decimals than USD allows \(2\)/);
    expect(() => jpy("1000.5")).toThrow(/JPY allows \(0\)/);
    expect(() => kwd("1.0005")).toThrow(/KWD allows \(3\)/);
  });

  it.each(["", "abc", "1e3", "1,000", ".5", "5.", "+5", "12.50 USD", "--1"])("rejects %j", (text) => {
    expect(() => usd(text)).toThrow(MoneyError);
  });

  it("throws on float input instead of guessing the amount", () => {
    // @ts-expect-error the type already forbids numbers; the runtime guard covers untyped callers.
    expect(() => parseMoney(0.1 + 0.2, "USD")).toThrow(
      /decimal string such as "12.50", not the number 0.30000000000000004/,
    );
    // @ts-expect-error as above
    expect(() => parseMoney(undefined, "USD")).toThrow(MoneyError);
    // @ts-expect-error minor units must be bigint
    expect(() => moneyFromMinorUnits(1250, "USD")).toThrow(/bigint/);
  });

  it("rejects unknown currencies", () => {
    expect(() => parseMoney("1.00", "XXX")).toThrow(/Unsupported currency "XXX"/);
    // @ts-expect-error untyped callers may pass anything
    expect(() => parseMoney("1.00", 840)).toThrow(/Currency code must be a string/);
  });
});

describe("toDecimalString", () => {
  it("spells exactly the currency's decimals", () => {
    expect(toDecimalString(moneyFromMinorUnits(5n, "USD"))).toBe("0.05");
    expect(toDecimalString(moneyFromMinorUnits(-5n, "USD"))).toBe("-0.05");
    expect(toDecimalString(moneyFromMinorUnits(123456n, "USD"))).toBe("1234.56");
    expect(toDecimalString(zeroMoney("USD"))).toBe("0.00");
    expect(toDecimalString(moneyFromMinorUnits(1000n, "JPY"))).toBe("1000");
    expect(toDecimalString(moneyFromMinorUnits(-7n, "JPY"))).toBe("-7");
    expect(toDecimalString(moneyFromMinorUnits(1n, "KWD"))).toBe("0.001");
    expect(toDecimalString(moneyFromMinorUnits(1005n, "KWD"))).toBe("1.005");
  });

  it("round-trips every parsed amount", () => {
    for (const [text, currency] of [
      ["12.50", "USD"],
      ["0.00", "EUR"],
      ["999999999999999999.99", "USD"],
      ["1000", "JPY"],
      ["1.005", "KWD"],
      ["-0.001", "BHD"],
    ] as const) {
      expect(toDecimalString(parseMoney(text, currency))).toBe(text);
    }
    expect(normalizeDecimal("10.0", "USD")).toBe("10.00");
    expect(normalizeDecimal("7", "KWD")).toBe("7.000");
  });
});

describe("arithmetic", () => {
  it("adds, subtracts and sums exactly", () => {
    expect(toDecimalString(addMoney(usd("0.10"), usd("0.20")))).toBe("0.30");
    expect(toDecimalString(subtractMoney(usd("10.00"), usd("12.50")))).toBe("-2.50");
    expect(toDecimalString(sumMoney([kwd("1.005"), kwd("2.010"), kwd("0.001")], "KWD"))).toBe("3.016");
    expect(toDecimalString(sumMoney([], "JPY"))).toBe("0");
  });

  it("compares", () => {
    expect(compareMoney(usd("1.00"), usd("2.00"))).toBe(-1);
    expect(compareMoney(usd("2.00"), usd("2.0"))).toBe(0);
    expect(compareMoney(jpy("3"), jpy("2"))).toBe(1);
    expect(moneyEquals(usd("1.00"), usd("1"))).toBe(true);
    expect(moneyEquals(usd("1.00"), parseMoney("1.00", "EUR"))).toBe(false);
    expect(minMoney(usd("3.00"), usd("2.99")).minorUnits).toBe(299n);
    expect(minMoney(usd("2.99"), usd("3.00")).minorUnits).toBe(299n);
    expect(isZeroMoney(usd("0.00"))).toBe(true);
    expect(isNegativeMoney(usd("-0.01"))).toBe(true);
    expect(isPositiveMoney(usd("0.01"))).toBe(true);
    expect(isPositiveMoney(usd("0"))).toBe(false);
  });

  it("never mixes currencies", () => {
    expect(() => addMoney(usd("1.00"), parseMoney("1.00", "EUR"))).toThrow(/Cannot combine USD and EUR/);
    expect(() => compareMoney(jpy("1"), kwd("1"))).toThrow(MoneyError);
  });

  it("multiplies by a whole quantity only", () => {
    expect(toDecimalString(multiplyByQuantity(usd("10.00"), 3))).toBe("30.00");
    expect(toDecimalString(multiplyByQuantity(jpy("999"), 0))).toBe("0");
    expect(() => multiplyByQuantity(usd("1.00"), 1.5)).toThrow(/whole number/);
    expect(() => multiplyByQuantity(usd("1.00"), -1)).toThrow(MoneyError);
  });
});

describe("percentageOf (ties round half away from zero, like Shopify's Money)", () => {
  it("computes exact percentages", () => {
    expect(toDecimalString(percentageOf(usd("12.50"), 20))).toBe("2.50");
    expect(toDecimalString(percentageOf(usd("100.00"), 33.33))).toBe("33.33");
    expect(toDecimalString(percentageOf(usd("80.00"), "12.5"))).toBe("10.00");
    expect(toDecimalString(percentageOf(usd("19.99"), 100))).toBe("19.99");
    expect(toDecimalString(percentageOf(usd("19.99"), 0))).toBe("0.00");
  });

  it("rounds a tie up where half-even would round down", () => {
    // 10% of 0.25 = 0.025: half-up 0.03, half-even 0.02.
    expect(toDecimalString(percentageOf(usd("0.25"), 10))).toBe("0.03");
    // 50% of 1005 JPY = 502.5: half-up 503, half-even 502.
    expect(toDecimalString(percentageOf(jpy("1005"), 50))).toBe("503");
    // 50% of 0.005 KWD = 0.0025: half-up 0.003, half-even 0.002.
    expect(toDecimalString(percentageOf(kwd("0.005"), 50))).toBe("0.003");
  });

  it("rounds below and above the tie to the nearest unit", () => {
    expect(toDecimalString(percentageOf(usd("0.24"), 10))).toBe("0.02");
    expect(toDecimalString(percentageOf(usd("0.26"), 10))).toBe("0.03");
    // 12.5% of 1.005 KWD = 0.125625 -> 0.126
    expect(toDecimalString(percentageOf(kwd("1.005"), 12.5))).toBe("0.126");
    // 33.33% of 1000 JPY = 333.3 -> 333
    expect(toDecimalString(percentageOf(jpy("1000"), 33.33))).toBe("333");
  });

  it("rounds negative ties away from zero too", () => {
    expect(toDecimalString(percentageOf(usd("-0.25"), 10))).toBe("-0.03");
  });

  it("rejects percentages it cannot read exactly", () => {
    expect(() => percentageOf(usd("1.00"), 100.01)).toThrow(/above 100/);
    expect(() => percentageOf(usd("1.00"), -5)).toThrow(MoneyError);
    expect(() => percentageOf(usd("1.00"), Number.NaN)).toThrow(/finite/);
    expect(() => percentageOf(usd("1.00"), 1e-7)).toThrow(MoneyError);
    expect(() => percentageOf(usd("1.00"), "12.1234567")).toThrow(MoneyError);
  });
});

describe("allocateMoney", () => {
  it("never loses a minor unit", () => {
    const cases: Array<[ReturnType<typeof usd>, number[]]> = [
      [jpy("100"), [1, 1, 1]],
      [usd("10.01"), [1, 1]],
      [kwd("1.000"), [1, 2]],
      [usd("-10.01"), [1, 1, 1]],
      [usd("0.05"), [3, 0, 7]],
    ];
    for (const [amount, ratios] of cases) {
      const shares = allocateMoney(amount, ratios);
      expect(shares).toHaveLength(ratios.length);
      expect(moneyEquals(sumMoney(shares, amount.currency), amount)).toBe(true);
    }
  });

  it("gives leftover units to the largest ratios first", () => {
    expect(allocateMoney(jpy("100"), [1, 1, 1]).map(toDecimalString)).toEqual(["34", "33", "33"]);
    expect(allocateMoney(kwd("1.000"), [1, 2]).map(toDecimalString)).toEqual(["0.333", "0.667"]);
    expect(allocateMoney(usd("0.05"), [3, 0, 7]).map(toDecimalString)).toEqual(["0.01", "0.00", "0.04"]);
  });

  it("rejects ratios it cannot split by", () => {
    expect(() => allocateMoney(usd("1.00"), [])).toThrow(/at least one ratio/);
    expect(() => allocateMoney(usd("1.00"), [0, 0])).toThrow(/above zero/);
    expect(() => allocateMoney(usd("1.00"), [0.5, 0.5])).toThrow(/whole numbers/);
    expect(() => allocateMoney(usd("1.00"), [-1, 2])).toThrow(MoneyError);
  });
});

describe("formatMoney", () => {
  it("formats per locale with the currency's own decimals", () => {
    expect(formatMoney(usd("12.5"), "en-US")).toBe("$12.50");
    expect(formatMoney(jpy("1000"), "ja-JP")).toBe("￥1,000");
    expect(formatMoney(jpy("1000"), "en-US")).toBe("¥1,000");
    expect(formatMoney(kwd("1.005"), "en-US")).toBe("KWD\u00a01.005");
    expect(formatMoney(parseMoney("1234.5", "EUR"), "fr-FR")).toBe("1\u202f234,50\u00a0€");
  });

  it("does not pass through a float (amounts beyond 2^53 stay exact)", () => {
    expect(formatMoney(usd("12345678901234567.89"), "en-US")).toBe("$12,345,678,901,234,567.89");
  });
});
