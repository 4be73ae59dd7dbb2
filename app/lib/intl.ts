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

/**
 * Date options that cannot be misread. es-PA and en-US both put the month first in numeric
 * dates ("12/04/2026"), which most of the region reads as 12 April; a month name never is.
 * So the short and medium styles become day, abbreviated month name and year ("4 dic 2026",
 * "Dec 4, 2026"), numeric months become names, and the short time style stays as it was.
 * Long and full styles already spell the month.
 */
export function unambiguousDate(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormatOptions {
  const { dateStyle, timeStyle, ...rest } = options;
  const out: Intl.DateTimeFormatOptions = { ...rest };
  if (dateStyle === "short" || dateStyle === "medium") {
    Object.assign(out, { day: "numeric", month: "short", year: "numeric" });
  } else if (dateStyle) {
    out.dateStyle = dateStyle;
  }
  if (timeStyle) {
    if (out.dateStyle) out.timeStyle = timeStyle;
    else if (timeStyle === "short") Object.assign(out, { hour: "numeric", minute: "2-digit" });
    else Object.assign(out, { hour: "numeric", minute: "2-digit", second: "2-digit" });
  }
  if (out.month === "numeric" || out.month === "2-digit") out.month = "short";
  // Intl refuses a style mixed with single fields: a named-month date keeps its time fields.
  if (out.dateStyle && (out.hour || out.day)) {
    const style = out.dateStyle;
    delete out.dateStyle;
    Object.assign(out, { day: "numeric", month: style === "long" || style === "full" ? "long" : "short", year: "numeric" });
    if (style === "full") out.weekday = "long";
  }
  return out;
}

/** A date formatter that always names the month (see unambiguousDate). */
export function dayFormat(tag: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return dateTimeFormat(tag, unambiguousDate(options));
}
