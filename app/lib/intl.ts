// Building an Intl formatter resolves locale data each time and costs far more than using
// one; a formatter is pure once built. Pages format hundreds of numbers and dates, so each
// locale, time zone and option set gets one formatter, reused (docs/performance.md). The keys
// come from the code's own option sets, locales and the deployment's time zone: a few dozen.
const formatters = new Map<string, unknown>();

function cached<T>(kind: string, tag: string, options: object | undefined, make: () => T): T {
  const key = `${kind}|${tag}|${options ? JSON.stringify(options) : ""}`;
  let formatter = formatters.get(key) as T | undefined;
  if (formatter === undefined) {
    formatter = make();
    formatters.set(key, formatter);
  }
  return formatter;
}

export function numberFormat(tag: string, options?: Intl.NumberFormatOptions): Intl.NumberFormat {
  return cached("number", tag, options, () => new Intl.NumberFormat(tag, options));
}

export function dateTimeFormat(tag: string, options?: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached("dateTime", tag, options, () => new Intl.DateTimeFormat(tag, options));
}

export function relativeTimeFormat(tag: string, options?: Intl.RelativeTimeFormatOptions): Intl.RelativeTimeFormat {
  return cached("relative", tag, options, () => new Intl.RelativeTimeFormat(tag, options));
}

export function regionNames(tag: string): Intl.DisplayNames {
  return cached("region", tag, undefined, () => new Intl.DisplayNames([tag], { type: "region" }));
}
