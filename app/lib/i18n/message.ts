import { numberFormat } from "../intl";

/**
 * Fills a catalogue template. `{name}` is replaced by the parameter (numbers formatted for the
 * locale); `{name, plural, one {# día} other {# días}}` picks the form for the number by
 * Intl.PluralRules (the ICU MessageFormat subset the catalogues need: `=N` exact matches and
 * the CLDR categories; `#` is the formatted number). Every count shown next to a noun goes
 * through a plural block, so nobody reads "1 líneas" (test/unit/i18n.test.ts checks the
 * catalogues for bare counts).
 */
export function formatMessage(template: string, params: Record<string, string | number> | undefined, tag: string): string {
  if (!params) return template;
  return substitute(template, params, tag);
}

function substitute(template: string, params: Record<string, string | number>, tag: string): string {
  let out = "";
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf("{", i);
    if (open < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, open);
    const close = matchingBrace(template, open);
    if (close < 0) {
      out += template.slice(open);
      break;
    }
    out += placeholder(template.slice(open + 1, close), params, tag, template.slice(open, close + 1));
    i = close + 1;
  }
  return out;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    if (text[j] === "{") depth++;
    else if (text[j] === "}" && --depth === 0) return j;
  }
  return -1;
}

function placeholder(body: string, params: Record<string, string | number>, tag: string, original: string): string {
  const plural = /^\s*(\w+)\s*,\s*plural\s*,/.exec(body);
  if (!plural) {
    const value = params[body.trim()];
    if (value === undefined || !/^\w+$/.test(body.trim())) return original;
    return typeof value === "number" ? numberFormat(tag).format(value) : value;
  }
  const raw = params[plural[1] ?? ""];
  if (raw === undefined) return original;
  const value = typeof raw === "number" ? raw : raw.trim() === "" ? NaN : Number(raw);
  // Text in place of a number ("no demand") stands alone: "no demand", not "no demand days".
  if (!Number.isFinite(value)) return String(raw);
  const options = pluralOptions(body.slice(plural[0].length));
  const category = pluralRules(tag).select(value);
  const chosen = options.get(`=${value}`) ?? options.get(category) ?? options.get("other") ?? "";
  const shown = typeof raw === "number" ? numberFormat(tag).format(raw) : String(raw);
  return substitute(chosen.replace(/#/g, shown), params, tag);
}

function pluralOptions(text: string): Map<string, string> {
  const options = new Map<string, string>();
  let i = 0;
  while (i < text.length) {
    const key = /^\s*(=\d+|zero|one|two|few|many|other)\s*\{/.exec(text.slice(i));
    if (!key) break;
    const open = i + key[0].length - 1;
    const close = matchingBrace(text, open);
    if (close < 0) break;
    options.set(key[1] ?? "other", text.slice(open + 1, close));
    i = close + 1;
  }
  return options;
}

const rules = new Map<string, Intl.PluralRules>();
function pluralRules(tag: string): Intl.PluralRules {
  let r = rules.get(tag);
  if (!r) {
    r = new Intl.PluralRules(tag);
    rules.set(tag, r);
  }
  return r;
}
