import { en } from "~/lib/i18n/en";
import { summaryCatalogues, summaryTranslate } from "~/lib/i18n/summary";
import { dayFormat, unambiguousDate } from "~/lib/intl";
import { es } from "~/lib/i18n/es";
import {
  defaultLocale,
  intlTag,
  isLocale,
  isMessageKey,
  locales,
  makeI18n,
  messageWithParams,
  translate,
  type MessageKey,
} from "~/lib/i18n";

// A parameter is `{name}` or the head of a plural block `{name, plural, ...}`.
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)(?:\}|\s*,\s*plural\s*,)/g)].map((m) => m[1]))].sort();

describe("message catalogues", () => {
  const esKeys = Object.keys(es).sort();
  const enKeys = Object.keys(en).sort();

  it("have the same keys in Spanish and English", () => {
    expect(enKeys).toEqual(esKeys);
    expect(esKeys.length).toBeGreaterThan(50);
  });

  it("have a non-empty text for every key in both languages", () => {
    const empty = [
      ...Object.entries(es).filter(([, text]) => typeof text !== "string" || !text.trim()).map(([key]) => `es:${key}`),
      ...Object.entries(en).filter(([, text]) => typeof text !== "string" || !text.trim()).map(([key]) => `en:${key}`),
    ];
    expect(empty).toEqual([]);
  });

  it("use the same {placeholders} in both languages, so no value is lost in translation", () => {
    const mismatched = (Object.keys(es) as MessageKey[]).filter(
      (key) => placeholders(es[key]).join() !== placeholders(en[key]).join(),
    );
    expect(mismatched).toEqual([]);
  });
});

describe("translate", () => {
  it("fills in named parameters", () => {
    expect(translate("es", "nav.signedInAs", { name: "Ana", role: "Administración" })).toBe(
      "Sesión de Ana (Administración)",
    );
    expect(translate("en", "common.backTo", { place: "Facilities" })).toBe("Back to Facilities");
  });

  it("formats numeric parameters in the locale", () => {
    expect(translate("es", "facilities.count", { count: 1234 })).toBe("1,234 instalaciones");
    expect(translate("en", "facilities.count", { count: 1234 })).toBe("1,234 facilities");
    expect(translate("en", "login.throttled", { minutes: 15 })).toBe(en["login.throttled"].replace("{minutes}", "15"));
  });

  it("leaves a placeholder visible when its parameter is missing, rather than printing 'undefined'", () => {
    expect(translate("es", "nav.signedInAs", { name: "Ana" })).toBe("Sesión de Ana ({role})");
  });

  it("returns the template as is without parameters", () => {
    expect(translate("en", "login.title")).toBe(en["login.title"]);
  });
});

describe("locales", () => {
  it("default to Spanish", () => {
    expect(defaultLocale).toBe("es");
    expect(locales[0]).toBe("es");
    expect(makeI18n(defaultLocale).t("login.title")).toBe(es["login.title"]);
  });

  it("recognise only the supported languages and message keys", () => {
    expect(isLocale("es")).toBe(true);
    expect(isLocale("en")).toBe(true);
    expect(isLocale("fr")).toBe(false);
    expect(isLocale(undefined)).toBe(false);
    expect(isMessageKey("login.title")).toBe(true);
    expect(isMessageKey("toString")).toBe(false);
    expect(isMessageKey("no.such.key")).toBe(false);
  });

  it("format Spanish as in Panama (es-PA: decimal point) and English as en-US", () => {
    expect(intlTag("es")).toBe("es-PA");
    expect(intlTag("en")).toBe("en-US");
    // Panama writes 1,234.5 like the United States, not 1.234,5 as in Spain.
    expect(makeI18n("es").number(1234.5)).toBe("1,234.5");
    expect(makeI18n("en").number(1234.5)).toBe("1,234.5");
    expect(makeI18n("es").number(1234567.891, { maximumFractionDigits: 1 })).toBe("1,234,567.9");
  });

  it("write dates and relative times in the user's language", () => {
    const noonUtc = Date.UTC(2024, 7, 5, 12);
    const options = { dateStyle: "long", timeZone: "UTC" } as const;
    expect(makeI18n("es").dateTime(noonUtc, options)).toBe("5 de agosto de 2024");
    expect(makeI18n("en").dateTime(noonUtc, options)).toBe("August 5, 2024");
    expect(makeI18n("es").relative(noonUtc - 3 * 3_600_000, noonUtc)).toBe("hace 3 horas");
    expect(makeI18n("en").relative(noonUtc - 3 * 3_600_000, noonUtc)).toBe("3 hours ago");
    expect(makeI18n("es").relative(noonUtc - 10_000, noonUtc)).toBe(es["time.justNow"]);
  });

  it("translate message keys carried in data, with their parameters, and pass other text through", () => {
    const i18n = makeI18n("en");
    expect(i18n.tMaybe("validation.required")).toBe(en["validation.required"]);
    const carried = messageWithParams("login.throttled", { minutes: 12 });
    expect(i18n.tMaybe(carried)).toBe(translate("en", "login.throttled", { minutes: 12 }));
    expect(i18n.tMaybe("Free text from the server")).toBe("Free text from the server");
  });
});

describe("plurals", () => {
  it("pick the singular for one and the plural otherwise, in both languages", () => {
    expect(translate("es", "stock.received", { lines: 1 })).toBe("Entrega registrada (1 línea).");
    expect(translate("es", "stock.received", { lines: 3 })).toBe("Entrega registrada (3 líneas).");
    expect(translate("en", "stock.received", { lines: 1 })).toBe("Delivery recorded (1 line).");
    expect(translate("es", "planning.days", { days: 1 })).toBe("1 día");
    expect(translate("es", "planning.days", { days: 0 })).toBe("0 días");
    expect(translate("es", "planning.days", { days: 1.5 })).toBe("1.5 días");
    expect(translate("en", "planning.days", { days: 1 })).toBe("1 day");
    expect(translate("es", "planning.card.notWithin", { days: 1 })).toBe("No en 1 día");
    expect(translate("es", "facilities.count", { count: 1 })).toBe("1 instalación");
    expect(translate("es", "stock.belowSummary", { count: 1, items: "ORS" })).toBe("1 artículo por debajo del punto de reorden: ORS.");
  });

  it("agree the words around the count (1 persona presente, 2 personas presentes)", () => {
    expect(translate("es", "capacity.gauge.censusOnly", { census: 1 })).toBe("1 persona presente");
    expect(translate("es", "capacity.gauge.censusOnly", { census: 2 })).toBe("2 personas presentes");
  });

  it("choose the form from a count carried in data as text (form errors)", () => {
    const i18n = makeI18n("es");
    expect(i18n.tMaybe(messageWithParams("population.onlyPresent", { present: 1 }))).toBe("Solo hay 1 presente en este grupo.");
    expect(i18n.tMaybe(messageWithParams("population.onlyPresent", { present: 4 }))).toBe("Solo hay 4 presentes en este grupo.");
  });

  it("work on the care summary in its four languages", () => {
    expect(summaryTranslate("es", "summary.weeks", { n: 1 })).toBe("1 semana");
    expect(summaryTranslate("en", "summary.weeks", { n: 20 })).toBe("20 weeks");
    expect(summaryTranslate("fr", "summary.weeks", { n: 1 })).toBe("1 semaine");
    expect(summaryTranslate("es", "summary.rutfPerDay", { n: 1 })).toBe("1 sobre al día");
  });

  // A number written straight before a counted noun ("{days} días") reads "1 días" when the
  // number is 1: such a count must be a plural block. The nouns are the ones the catalogues
  // count; a new one belongs in this list ("dosis" is the same in both numbers).
  const countedNouns = [
    "días", "semanas", "meses", "años", "personas", "líneas", "llegadas", "sobres", "unidades", "plazas", "cambios",
    "ajustes", "instalaciones", "seguimientos", "letrinas", "camas", "artículos", "artículo(s)", "frascos",
    "days", "weeks", "months", "years", "people", "lines", "arrivals", "sachets", "units", "places", "changes",
    "adjustments", "facilities", "toilets", "beds", "items", "item(s)", "doses", "vials", "semaines",
  ];
  // Parameters that carry a name or a code, never a count.
  const notCounts = new Set(["unit", "item", "facility", "code", "lot", "vaccine", "name", "label", "group", "to", "from"]);
  const bareCount = new RegExp(`\\{(\\w+)\\} (${countedNouns.map((n) => n.replace(/[()]/g, "\\$&")).join("|")})(?![\\p{L}])`, "u");

  it("have no count before a noun outside a plural block (es, en and the care summary)", () => {
    const catalogues: [string, Record<string, string>][] = [
      ["es", es],
      ["en", en],
      ...Object.entries(summaryCatalogues).map(([lang, cat]) => [`summary.${lang}`, cat] as [string, Record<string, string>]),
    ];
    const bare = catalogues.flatMap(([lang, cat]) =>
      Object.entries(cat)
        .filter(([, text]) => {
          const m = bareCount.exec(text);
          return m !== null && !notCounts.has(m[1] ?? "");
        })
        .map(([key]) => `${lang}:${key}`),
    );
    expect(bare).toEqual([]);
  });

  it("would catch a bare count (the scan itself works)", () => {
    expect(bareCount.exec("Entrega registrada ({lines} líneas).")?.[1]).toBe("lines");
    expect(bareCount.exec("{count, plural, one {# línea} other {# líneas}}")).toBeNull();
  });
});

describe("dates nobody can misread", () => {
  // es-PA and en-US both write numeric dates month first: 12/04/2026 is 4 December there and
  // 12 April to most of the region. Every date shown names its month.
  const dec4 = Date.UTC(2026, 11, 4, 15, 30);

  it("name the month in the default (medium) style, in Spanish and English", () => {
    expect(makeI18n("es", "UTC").date(dec4)).toBe("4 dic 2026");
    expect(makeI18n("en", "UTC").date(dec4)).toBe("Dec 4, 2026");
    expect(makeI18n("es").day("2026-12-04")).toBe("4 dic 2026");
    expect(makeI18n("en").day("2026-12-04")).toBe("Dec 4, 2026");
  });

  it("never print a numeric month, whatever style a page asks for", () => {
    for (const locale of ["es", "en"] as const) {
      const i18n = makeI18n(locale, "America/Panama");
      for (const text of [
        i18n.dateTime(dec4),
        i18n.dateTime(dec4, { dateStyle: "short", timeZone: "UTC" }),
        i18n.dateTime(dec4, { dateStyle: "medium", timeStyle: "short" }),
        i18n.dateTime(dec4, { year: "numeric", month: "2-digit", day: "2-digit" }),
        i18n.day("2026-12-04", { dateStyle: "short" }),
      ]) {
        expect(text).not.toMatch(/\d{1,2}\/\d{1,2}\/\d{2,4}/);
        expect(text).toMatch(/dic|Dec/);
      }
    }
    expect(makeI18n("es", "America/Panama").dateTime(dec4)).toBe("4 dic 2026, 10:30 a. m.");
  });

  it("name the facilities' time zone on times when the reader's browser is in another zone", () => {
    const named = makeI18n("es", "America/Panama", undefined, true);
    expect(named.dateTime(dec4)).toBe("4 dic 2026, 10:30 a. m. GMT-5");
    expect(makeI18n("en", "America/Panama", undefined, true).dateTime(dec4, { dateStyle: "medium", timeStyle: "short" })).toBe(
      "Dec 4, 2026, 10:30 AM EST",
    );
    // A calendar day has no time of day: no zone to name.
    expect(named.day("2026-12-04")).toBe("4 dic 2026");
  });

  it("print the care summary's dates with the month's name in its four languages", () => {
    const tags = { es: "es-PA", en: "en-US", fr: "fr-FR", ht: "fr-HT" };
    const june2 = new Date("2025-06-02T12:00:00Z");
    const printed = Object.fromEntries(
      Object.entries(tags).map(([lang, tag]) => [lang, dayFormat(tag, { dateStyle: "medium", timeZone: "UTC" }).format(june2)]),
    );
    expect(printed).toEqual({ es: "2 jun 2025", en: "Jun 2, 2025", fr: "2 juin 2025", ht: "2 juin 2025" });
  });

  it("keep long and full styles, which already spell the month", () => {
    expect(unambiguousDate({ dateStyle: "full" })).toEqual({ dateStyle: "full" });
    expect(unambiguousDate({ dateStyle: "medium" })).toEqual({ day: "numeric", month: "short", year: "numeric" });
  });
});
