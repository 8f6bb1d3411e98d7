// Exact money: Shopify decimal strings <-> integer minor units (dinero.js bigint), arithmetic, percentages, allocation, locale formatting.
import {
  add as dineroAdd,
  allocate as dineroAllocate,
  compare as dineroCompare,
  dinero,
  halfAwayFromZero,
  multiply as dineroMultiply,
  subtract as dineroSubtract,
  toSnapshot,
  transformScale,
  type Dinero,
  type DineroCurrency,
} from "dinero.js/bigint";
import * as iso4217 from "dinero.js/bigint/currencies";
import { numberFormat } from "./intl-format";

/** An ISO 4217 code as Shopify's `CurrencyCode` enum spells it ("USD", "JPY", "KWD"). */
export type CurrencyCode = string;

/**
 * An exact amount of money. `minorUnits` counts the currency's smallest unit
 * (cents for USD, yen for JPY, fils for KWD), so no value is ever a float.
 */
export interface Money {
  readonly currency: CurrencyCode;
  readonly minorUnits: bigint;
}

/** Thrown for malformed amounts, unknown currencies, float input and currency mismatches. */
export class MoneyError extends Error {
  override readonly name = "MoneyError";
}

// Codes that Shopify's CurrencyCode enum (Admin 2026-10) still lists but dinero's ISO table
// dropped (withdrawn or non-ISO territory codes). Every one of them has two decimals.
// XXX ("no currency") is deliberately absent: it cannot carry a price.
const LEGACY_TWO_DECIMAL_CODES = ["ANG", "HRK", "JEP", "KID", "LTL", "LVL", "SLL"] as const;

const currencyTable: ReadonlyMap<string, DineroCurrency<bigint>> = (() => {
  const table = new Map<string, DineroCurrency<bigint>>();
  for (const [code, currency] of Object.entries(iso4217)) table.set(code, currency);
  for (const code of LEGACY_TWO_DECIMAL_CODES) {
    if (!table.has(code)) table.set(code, { code, base: 10n, exponent: 2n });
  }
  return table;
})();

function dineroCurrency(code: CurrencyCode): DineroCurrency<bigint> {
  if (typeof code !== "string") throw new MoneyError(`Currency code must be a string, got ${typeof code}`);
  const currency = currencyTable.get(code);
  if (!currency) throw new MoneyError(`Unsupported currency "${code}"`);
  return currency;
}

export function isSupportedCurrency(code: unknown): code is CurrencyCode {
  return typeof code === "string" && currencyTable.has(code);
}

/** The ISO 4217 exponent: 0 for JPY, 2 for USD/EUR, 3 for KWD/BHD/JOD/OMR/TND. */
export function currencyExponent(code: CurrencyCode): number {
  return Number(dineroCurrency(code).exponent);
}

const DECIMAL_PATTERN = /^(-)?(\d+)(?:\.(\d+))?$/;

function rejectNonString(value: unknown, what: string): asserts value is string {
  if (typeof value === "number") {
    // A float has already lost the exact amount (0.1 + 0.2), so refuse it loudly instead of guessing.
    throw new MoneyError(`${what} must be a decimal string such as "12.50", not the number ${value}`);
  }
  if (typeof value !== "string") throw new MoneyError(`${what} must be a decimal string, got ${typeof value}`);
}

/**
 * Parses a Shopify `Decimal` ("12.50", "1000", "1.005", "-3.2") in a currency.
 * Extra fractional digits are accepted only when they are zeros ("10.0" from Shopify, "12.500" for USD);
 * a real sub-minor-unit amount ("12.505" USD) is an error, never rounded silently.
 */
export function parseMoney(decimal: string, currency: CurrencyCode): Money {
  rejectNonString(decimal, "Amount");
  const exponent = currencyExponent(currency);
  const match = DECIMAL_PATTERN.exec(decimal.trim());
  if (!match) throw new MoneyError(`"${decimal}" is not a decimal amount`);
  const [, sign, whole, fraction = ""] = match;
  const significant = fraction.replace(/0+$/, "");
  if (significant.length > exponent) {
    throw new MoneyError(`"${decimal}" has more decimals than ${currency} allows (${exponent})`);
  }
  const digits = whole + significant.padEnd(exponent, "0");
  const minorUnits = BigInt(digits) * (sign ? -1n : 1n);
  return { currency, minorUnits };
}

export function moneyFromMinorUnits(minorUnits: bigint, currency: CurrencyCode): Money {
  if (typeof minorUnits !== "bigint") {
    throw new MoneyError(`Minor units must be a bigint, got ${typeof minorUnits}`);
  }
  dineroCurrency(currency);
  return { currency, minorUnits };
}

export function zeroMoney(currency: CurrencyCode): Money {
  return moneyFromMinorUnits(0n, currency);
}

/** Formats as a Shopify `Decimal` with exactly the currency's exponent: "12.50", "1000", "1.005", "-0.05". */
export function toDecimalString(money: Money): string {
  const exponent = currencyExponent(money.currency);
  const negative = money.minorUnits < 0n;
  const digits = (negative ? -money.minorUnits : money.minorUnits).toString().padStart(exponent + 1, "0");
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${negative ? "-" : ""}${whole}${exponent > 0 ? `.${fraction}` : ""}`;
}

/** Minor units as the ledger writes them, with the currency code: "30.00 USD" (no locale, exact). */
export function moneyText(minorUnits: bigint, currency: CurrencyCode): string {
  return `${toDecimalString(moneyFromMinorUnits(minorUnits, currency))} ${currency}`;
}

/** Re-spells a decimal string in the currency's canonical form ("10.0" -> "10.00" for USD). */
export function normalizeDecimal(decimal: string, currency: CurrencyCode): string {
  return toDecimalString(parseMoney(decimal, currency));
}

function toDinero(money: Money): Dinero<bigint> {
  return dinero({ amount: money.minorUnits, currency: dineroCurrency(money.currency) });
}

function fromDinero(value: Dinero<bigint>): Money {
  const snapshot = toSnapshot(value);
  const exponent = snapshot.currency.exponent;
  // Every dinero result is brought back to the currency's own scale before it leaves this module.
  const scaled = snapshot.scale === exponent ? value : transformScale(value, exponent, halfAwayFromZero);
  const { amount, currency } = toSnapshot(scaled);
  return { currency: currency.code, minorUnits: amount };
}

function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new MoneyError(`Cannot combine ${a.currency} and ${b.currency}`);
  }
}

export function addMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return fromDinero(dineroAdd(toDinero(a), toDinero(b)));
}

export function subtractMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return fromDinero(dineroSubtract(toDinero(a), toDinero(b)));
}

export function sumMoney(amounts: readonly Money[], currency: CurrencyCode): Money {
  return amounts.reduce((total, amount) => addMoney(total, amount), zeroMoney(currency));
}

/** -1, 0 or 1. */
export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  assertSameCurrency(a, b);
  return dineroCompare(toDinero(a), toDinero(b));
}

export function moneyEquals(a: Money, b: Money): boolean {
  return a.currency === b.currency && a.minorUnits === b.minorUnits;
}

export const isZeroMoney = (money: Money): boolean => money.minorUnits === 0n;
export const isNegativeMoney = (money: Money): boolean => money.minorUnits < 0n;
export const isPositiveMoney = (money: Money): boolean => money.minorUnits > 0n;

export function minMoney(a: Money, b: Money): Money {
  return compareMoney(a, b) <= 0 ? a : b;
}

/** Price x quantity (a fixed deposit "per item" times the line quantity). */
export function multiplyByQuantity(money: Money, quantity: number): Money {
  if (!Number.isSafeInteger(quantity) || quantity < 0) {
    throw new MoneyError(`Quantity must be a whole number of items, got ${quantity}`);
  }
  return { currency: money.currency, minorUnits: money.minorUnits * BigInt(quantity) };
}

const PERCENT_PATTERN = /^(\d+)(?:\.(\d{1,6}))?$/;

/** A percentage as an exact scaled integer: "12.5" -> { amount: 125n, scale: 1n }. */
function exactPercentage(percent: number | string): { amount: bigint; scale: bigint } {
  // String(number) is the shortest text that round-trips to the same double, so 12.5 -> "12.5"
  // and 33.33 -> "33.33": the merchant's typed value, not the binary approximation.
  const text = typeof percent === "number" ? String(percent) : percent;
  if (typeof percent === "number" && !Number.isFinite(percent))
    throw new MoneyError(`Percentage must be finite, got ${percent}`);
  const match = PERCENT_PATTERN.exec(text);
  if (!match) throw new MoneyError(`"${text}" is not a percentage between 0 and 100 with at most 6 decimals`);
  const [, whole, fraction = ""] = match;
  const amount = BigInt(whole + fraction);
  const scale = BigInt(fraction.length);
  if (amount > 100n * 10n ** scale) throw new MoneyError(`Percentage ${text} is above 100`);
  return { amount, scale };
}

/**
 * `percent`% of an amount, rounded to the currency's minor unit with ROUND_HALF_UP in Ruby's sense
 * (ties away from zero: 0.125 -> 0.13, -0.125 -> -0.13). That is what Shopify's own `Money`
 * does (`value.round(currency.minor_units)`, BigDecimal's default mode), so a deposit we preview
 * matches the one checkout charges. See docs/decisions/0004-offer-model.md.
 */
export function percentageOf(money: Money, percent: number | string): Money {
  const { amount, scale } = exactPercentage(percent);
  // percent/100 as one scaled factor: 12.5% = 125 / 10^(1+2).
  const factor = { amount, scale: scale + 2n };
  return fromDinero(dineroMultiply(toDinero(money), factor));
}

/**
 * Splits an amount by integer ratios without losing a minor unit: the shares always sum to the
 * input. Leftover units go one each to the largest ratios first (dinero's rule), so 100 JPY
 * over [1, 1, 1] is [34, 33, 33].
 */
export function allocateMoney(money: Money, ratios: readonly number[]): Money[] {
  if (ratios.length === 0) throw new MoneyError("Allocation needs at least one ratio");
  for (const ratio of ratios) {
    if (!Number.isSafeInteger(ratio) || ratio < 0)
      throw new MoneyError(`Ratios must be whole numbers >= 0, got ${ratio}`);
  }
  if (ratios.every((ratio) => ratio === 0)) throw new MoneyError("At least one ratio must be above zero");
  return dineroAllocate(
    toDinero(money),
    ratios.map((ratio) => BigInt(ratio)),
  ).map(fromDinero);
}

/**
 * Locale-aware display ("$12.50", "1.005 KWD", "￥1,000"). The decimal string goes to
 * Intl.NumberFormat as text (ECMA-402 treats it as an exact decimal), never through a float,
 * and the fraction digits are pinned to ISO 4217 so CLDR's cash rounding cannot drop a digit.
 */
export function formatMoney(money: Money, locale: string): string {
  const digits = currencyExponent(money.currency);
  const formatter = numberFormat(locale, {
    style: "currency",
    currency: money.currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return formatter.format(toDecimalString(money) as Intl.StringNumericLiteral);
}
