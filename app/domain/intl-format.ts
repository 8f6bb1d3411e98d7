// Intl's formatters, each made once per locale and options and then reused (a bounded cache: the locales, time
// zones and currencies in use are few, and a rare one falls out rather than growing the cache).
//
// Making one costs tens of microseconds and allocates ICU's tables in native memory that is freed only when V8
// collects the formatter: the orders list made one per date and per amount of each row, hundreds per load, and the
// server's resident memory grew by about 60 MB over its first 200 loads before it levelled off.
import { LRUCache } from "lru-cache";

type Locales = string | readonly string[] | undefined;

const FORMATTERS_KEPT = 256;

function cached<Options, Formatter extends object>(make: (locales: Locales, options: Options) => Formatter) {
  const cache = new LRUCache<string, Formatter>({ max: FORMATTERS_KEPT });
  return (locales: Locales, options: Options): Formatter => {
    const key = JSON.stringify([locales, options]);
    let formatter = cache.get(key);
    if (!formatter) {
      // A locale or a time zone Intl does not know throws here, and nothing is kept.
      formatter = make(locales, options);
      cache.set(key, formatter);
    }
    return formatter;
  };
}

export const dateTimeFormat = cached(
  (locales, options: Intl.DateTimeFormatOptions = {}) => new Intl.DateTimeFormat(locales as string[], options),
);

export const numberFormat = cached(
  (locales, options: Intl.NumberFormatOptions = {}) => new Intl.NumberFormat(locales as string[], options),
);

export const pluralRules = cached(
  (locales, options: Intl.PluralRulesOptions = {}) => new Intl.PluralRules(locales as string[], options),
);
