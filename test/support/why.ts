import type { Why } from "~/lib/domain/why";
import { makeI18n } from "~/lib/i18n";
import { renderWhy } from "~/lib/i18n/why-render";

/** A "why this number" explanation as an English reader sees it. */
export function english(parts: Why): string {
  return renderWhy(makeI18n("en", "UTC"), parts);
}

/** The same explanation as a Spanish reader sees it. */
export function spanish(parts: Why): string {
  return renderWhy(makeI18n("es", "UTC"), parts);
}
