// What a person types in the arrival form's searchable country field, read as an ISO code. A
// schema helper (not app/lib/domain): it reads the ISO 3166-1 package for the alpha-3 codes.
import { whereAlpha2 } from "iso-3166-1";
import { countryCodes, countryName, isCountryCode } from "../domain/countries";

/** Lower case, accents and punctuation gone, spaces collapsed: "Haití" and "haiti" read alike. */
export function foldCountryText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/&/g, " y ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Names people in the region write that neither list has. */
const ALIASES: [string, string][] = [
  ["EEUU", "US"],
  ["EE. UU.", "US"],
  ["Costa de Marfil", "CI"],
  ["Holanda", "NL"],
  ["Birmania", "MM"],
  ["Congo Kinshasa", "CD"],
  ["Congo Brazzaville", "CG"],
];

let namesIndex: Map<string, string> | null = null;

/**
 * Every way a country is written that a person may type: its Spanish and English names (the same
 * Intl data the page's list shows), the ISO 3166-1 English short name (which differs for a few,
 * "Venezuela (Bolivarian Republic of)") and its alpha-3 code. Built once, on first use.
 */
function countryIndex(): Map<string, string> {
  if (namesIndex) return namesIndex;
  const index = new Map<string, string>();
  // Spanish names first, then English, then ISO's: the first list to use a name keeps it
  // ("Congo" is CG in Spanish, while ISO's short names call both Congos "Congo").
  const add = (text: string, code: string) => {
    const key = foldCountryText(text);
    if (key && !index.has(key)) index.set(key, code);
  };
  for (const [alias, code] of ALIASES) add(alias, code);
  for (const locale of ["es", "en"]) {
    for (const code of countryCodes) {
      const name = countryName(code, locale);
      if (name !== code) add(name, code);
    }
  }
  for (const code of countryCodes) {
    const iso = whereAlpha2(code);
    if (!iso) continue;
    add(iso.country, code);
    index.set(iso.alpha3.toLowerCase(), code);
  }
  namesIndex = index;
  return index;
}

/**
 * The ISO 3166-1 alpha-2 code of a country as a person typed it in the arrival form's searchable
 * field: an alpha-2 or alpha-3 code ("co", "COL") or a Spanish or English name ("Colombia",
 * "haiti", "Haití"), case, accents and punctuation ignored. Null when it names no country (the
 * form then says which text it did not recognise) or is empty.
 */
export function resolveCountry(text: string): string | null {
  const folded = foldCountryText(text);
  if (!folded) return null;
  const upper = folded.toUpperCase();
  if (/^[A-Z]{2}$/.test(upper)) return isCountryCode(upper) ? upper : null;
  return countryIndex().get(folded) ?? null;
}
