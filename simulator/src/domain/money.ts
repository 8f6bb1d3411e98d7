// Exact money arithmetic for the simulator: decimal strings <-> integer minor units (bigint), per-currency exponent.
import * as currencies from "dinero.js/currencies";

export interface Money {
  /** Integer amount in the currency's minor unit (cents for USD, yen for JPY, fils for KWD). */
  minor: bigint;
  currency: string;
}

const exponents = new Map<string, number>(
  Object.values(currencies as Record<string, { code: string; exponent: number }>).map((c) => [c.code, c.exponent]),
);

/** Whether the code is an ISO 4217 currency the simulator knows the exponent of. */
export function isKnownCurrency(currency: string): boolean {
  return exponents.has(currency);
}

/** ISO 4217 exponent; Shopify's CurrencyCode includes a few non-ISO codes, which default to 2. */
export function currencyExponent(currency: string): number {
  return exponents.get(currency) ?? 2;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

export class MoneyError extends Error {}

/**
 * Parses a decimal amount ("12.5", "1000", 12.5) into minor units. Extra precision beyond the currency's
 * exponent is rejected rather than silently rounded, because a charge amount must be exact.
 */
export function parseMoney(amount: string | number, currency: string): Money {
  const text = typeof amount === "number" ? numberToDecimalString(amount) : amount.trim();
  const m = DECIMAL.exec(text);
  if (!m) throw new MoneyError(`Invalid decimal amount: ${JSON.stringify(amount)}`);
  const exp = currencyExponent(currency);
  const frac = (m[3] ?? "").replace(/0+$/, "");
  if (frac.length > exp) throw new MoneyError(`${text} has more decimal places than ${currency} allows (${exp})`);
  const minor = BigInt(m[2] + frac.padEnd(exp, "0"));
  return { minor: m[1] ? -minor : minor, currency };
}

/** Formats minor units as Shopify does in Admin API Decimal fields: fixed to the exponent ("10.00", "1500", "1.250"). */
export function formatMinor(minor: bigint, currency: string): string {
  const exp = currencyExponent(currency);
  const neg = minor < 0n;
  const digits = (neg ? -minor : minor).toString().padStart(exp + 1, "0");
  const whole = exp === 0 ? digits : digits.slice(0, -exp);
  const frac = exp === 0 ? "" : "." + digits.slice(-exp);
  return (neg ? "-" : "") + whole + frac;
}

export function formatMoney(m: Money): string {
  return formatMinor(m.minor, m.currency);
}

/** A JS number (GraphQL Float) written as a plain decimal string without exponent notation. */
export function numberToDecimalString(n: number): string {
  if (!Number.isFinite(n)) throw new MoneyError(`Not a finite number: ${n}`);
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toFixed(20).replace(/\.?0+$/, "");
}

/** Parses a percentage (a GraphQL Float such as 12.5) into a scaled integer: value * 10^scale. */
function percentParts(percentage: number): { scaled: bigint; scale: bigint } {
  const text = numberToDecimalString(percentage);
  const m = DECIMAL.exec(text);
  if (!m) throw new MoneyError(`Invalid percentage ${percentage}`);
  const frac = m[3] ?? "";
  const scaled = BigInt(m[2] + frac) * (m[1] ? -1n : 1n);
  return { scaled, scale: 10n ** BigInt(frac.length) };
}

/** Divides rounding half away from zero, the rounding Shopify uses for displayed money. */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  const neg = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (n * 2n + d) / (2n * d);
  return neg ? -q : q;
}

/** `percentage`% of an amount in minor units, rounded half up to the minor unit. */
export function percentOf(minor: bigint, percentage: number): bigint {
  const { scaled, scale } = percentParts(percentage);
  return divRoundHalfUp(minor * scaled, 100n * scale);
}

export function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

export function maxBig(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

const RATE = /^(\d+)(?:\.(\d+))?$/;

/** Parses an exchange rate (a positive decimal string) into an exact fraction units / scale. */
export function parseRate(rate: string): { units: bigint; scale: bigint } {
  const m = RATE.exec(typeof rate === "string" ? rate.trim() : "");
  if (!m) throw new MoneyError(`Invalid rate: ${JSON.stringify(rate)} (a positive decimal string)`);
  const frac = m[2] ?? "";
  const units = BigInt(m[1]! + frac);
  if (units === 0n) throw new MoneyError(`Invalid rate: ${JSON.stringify(rate)} (must be above zero)`);
  return { units, scale: 10n ** BigInt(frac.length) };
}

/**
 * Converts minor units of one currency into minor units of another at `rate` (units of `to` per one unit of `from`),
 * in integer arithmetic, rounding half up to the target currency's minor unit.
 */
export function convertMinor(minor: bigint, from: string, to: string, rate: string): bigint {
  const { units, scale } = parseRate(rate);
  const num = minor * units * 10n ** BigInt(currencyExponent(to));
  const den = scale * 10n ** BigInt(currencyExponent(from));
  return divRoundHalfUp(num, den);
}
