/**
 * An alert as sentences in the reader's language (issue 18): the same figures the dashboard's
 * list shows, for the alerts page, the e-mail and the webhook. Plain module (no server code):
 * the page renders with it too.
 */
import type { Alert } from "./domain/alerts";
import type { I18n, MessageKey } from "./i18n";
import { renderWhy } from "./i18n/why-render";

export const alertMessageKey: Record<Alert["kind"], MessageKey> = {
  saturation: "planning.alert.saturation",
  stockout: "planning.alert.stockout",
  expiry: "planning.alert.expiry",
  stale: "planning.alert.stale",
};

const constraintKey: Record<string, MessageKey> = {
  beds: "capacity.constraint.beds",
  area: "capacity.constraint.area",
  water: "capacity.constraint.water",
  toilets: "capacity.constraint.toilets",
};

/** What the stored alert carries besides the plan's own fields: names, so a message needs no lookup. */
export interface StoredAlert extends Alert {
  facilityName: string;
  itemNames: { es: string; en: string } | null;
}

export function alertSentence(i18n: Pick<I18n, "t" | "day" | "number" | "locale">, a: StoredAlert): string {
  const { t, day, number } = i18n;
  const params: Record<string, string | number> = {
    facility: a.facilityName,
    item: a.itemNames ? (i18n.locale === "es" ? a.itemNames.es : a.itemNames.en) : "",
    date: a.day ? day(a.day) : "—",
    days: a.daysAway,
  };
  for (const [k, v] of Object.entries(a.facts)) params[k] = v === null ? "—" : typeof v === "number" ? number(v) : v;
  const binding = typeof a.facts.binding === "string" ? constraintKey[a.facts.binding] : undefined;
  if (binding) params.binding = t(binding).toLowerCase();
  return t(alertMessageKey[a.kind], params);
}

export function alertWhy(i18n: Pick<I18n, "t" | "day">, a: Pick<Alert, "why">): string {
  return renderWhy(i18n, a.why);
}
