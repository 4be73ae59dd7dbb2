import type { Why, WhyPart } from "../domain/why";
import { isMessageKey, type I18n, type MessageParams } from "./index";

const ymd = /^\d{4}-\d{2}-\d{2}$/;

/** One part in the reader's language: days written out, target codes named. */
export function renderWhyPart(i18n: Pick<I18n, "t" | "day">, part: WhyPart): string {
  const params: MessageParams = {};
  for (const [name, value] of Object.entries(part.params ?? {})) {
    if (Array.isArray(value)) params[name] = value.map((p) => renderWhyPart(i18n, p)).join(name === "terms" ? " + " : ", ");
    else if (typeof value === "string" && ymd.test(value)) params[name] = i18n.day(value);
    else if (typeof value === "string" && name.startsWith("target")) {
      const labels = value.split(",").map((code) => {
        const key = [`stock.target.${code}`, `group.${code}`].find(isMessageKey);
        return key ? i18n.t(key) : code;
      });
      params[name] = labels.join(", ");
    } else params[name] = value;
  }
  return i18n.t(part.key, params);
}

/** A whole explanation: its sentences, one after the other. */
export function renderWhy(i18n: Pick<I18n, "t" | "day">, parts: Why): string {
  return parts.map((p) => renderWhyPart(i18n, p)).join(" ");
}
