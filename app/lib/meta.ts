import { defaultLocale, isLocale, translate, type MessageKey, type MessageParams } from "./i18n";

interface MatchLike {
  id: string;
  data?: unknown;
}

/** A translated document title, in the locale the root loader chose. */
export function pageTitle(matches: readonly MatchLike[], key: MessageKey, params?: MessageParams) {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
  const locale = isLocale(root?.locale) ? root.locale : defaultLocale;
  return [{ title: `${translate(locale, key, params)} · Albergue` }];
}
