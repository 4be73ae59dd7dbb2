import { createContext, useContext } from "react";
import { en } from "./en";
import { es } from "./es";
import { formatMessage } from "./message";
import { dateTimeFormat, numberFormat, relativeTimeFormat, unambiguousDate } from "../intl";

export const locales = ["es", "en"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "es";

export type MessageKey = keyof typeof es;
export type MessageParams = Record<string, string | number>;

const catalogs: Record<Locale, Record<MessageKey, string>> = { es, en };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(es, value);
}

/** The BCP 47 tag used for numbers and dates: Panamanian Spanish, or English. */
export function intlTag(locale: Locale): string {
  return locale === "es" ? "es-PA" : "en-US";
}

/** A message with parameters as one string, for places that carry only strings (form errors). */
export function messageWithParams(key: MessageKey, params: MessageParams): string {
  return `${key}?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))}`;
}

export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  return formatMessage(catalogs[locale][key], params, intlTag(locale));
}

export interface I18n {
  locale: Locale;
  t: (key: MessageKey, params?: MessageParams) => string;
  /**
   * Translates a message carried in data (a validation error, say): a key, optionally with
   * parameters as a query string (`census.onlyPresent?present=3`). Other text passes through.
   */
  tMaybe: (text: string) => string;
  number: (value: number, options?: Intl.NumberFormatOptions) => string;
  dateTime: (value: Date | string | number, options?: Intl.DateTimeFormatOptions) => string;
  date: (value: Date | string | number) => string;
  /** A calendar day (YYYY-MM-DD, as the roll-ups store it), formatted without shifting zones. */
  day: (ymd: string, options?: Intl.DateTimeFormatOptions) => string;
  relative: (value: Date | string | number, now?: number) => string;
}

/**
 * Formatting for one locale. Times are shown on the deployment's clock (`timeZone`, the
 * facilities' zone), the same on the server and in the browser, so a record reads the same
 * wherever it is looked at. `nameZone` adds the zone's name to every time of day: the layout
 * sets it once hydrated when the browser's own zone differs, so "10:30" is never read on the
 * wrong clock. Dates always name the month (intl.ts unambiguousDate).
 */
export function makeI18n(locale: Locale, timeZone = "America/Panama", renderedAt?: number, nameZone = false): I18n {
  const tag = intlTag(locale);
  const zoned = (options: Intl.DateTimeFormatOptions): Intl.DateTimeFormatOptions => {
    const safe = unambiguousDate(options);
    const hasTime = safe.timeStyle !== undefined || safe.hour !== undefined;
    if (!nameZone || !hasTime || safe.timeZone === "UTC") return safe;
    if (safe.timeStyle) {
      // A style cannot carry a zone name: spell the fields out.
      const { dateStyle, timeStyle: _timeStyle, ...rest } = safe;
      const date = dateStyle ? unambiguousDate({ dateStyle: dateStyle === "full" || dateStyle === "long" ? "medium" : dateStyle }) : {};
      return { ...rest, ...date, hour: "numeric", minute: "2-digit", timeZoneName: "short" };
    }
    return { ...safe, timeZoneName: "short" };
  };
  const t = (key: MessageKey, params?: MessageParams) => translate(locale, key, params);
  return {
    locale,
    t,
    tMaybe: (text) => {
      const [key, query] = text.split("?", 2);
      if (!isMessageKey(key)) return text;
      if (!query) return t(key);
      const params: MessageParams = {};
      for (const [name, value] of new URLSearchParams(query)) {
        params[name] = value !== "" && Number.isFinite(Number(value)) ? Number(value) : value;
      }
      return t(key, params);
    },
    number: (value, options) => numberFormat(tag, options).format(value),
    dateTime: (value, options) =>
      dateTimeFormat(tag, zoned({ timeZone, ...(options ?? { dateStyle: "medium", timeStyle: "short" }) })).format(new Date(value)),
    date: (value) => dateTimeFormat(tag, unambiguousDate({ timeZone, dateStyle: "medium" })).format(new Date(value)),
    day: (ymd, options) =>
      dateTimeFormat(tag, unambiguousDate({ ...(options ?? { dateStyle: "medium" }), timeZone: "UTC" })).format(new Date(`${ymd}T12:00:00Z`)),
    // "3 h ago" is measured from when the server rendered the page, so the browser's first
    // render says exactly the same and hydration keeps the page.
    relative: (value, now = renderedAt ?? Date.now()) => relativeTime(tag, new Date(value).getTime() - now, t("time.justNow")),
  };
}

function relativeTime(tag: string, deltaMs: number, justNow: string): string {
  const seconds = Math.round(deltaMs / 1000);
  if (Math.abs(seconds) < 45) return justNow;
  const format = relativeTimeFormat(tag, { numeric: "auto" });
  const minutes = Math.round(seconds / 60);
  if (Math.abs(minutes) < 60) return format.format(minutes, "minute");
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 48) return format.format(hours, "hour");
  return format.format(Math.round(hours / 24), "day");
}

export const I18nContext = createContext<I18n>(makeI18n(defaultLocale));

export function useI18n(): I18n {
  return useContext(I18nContext);
}
