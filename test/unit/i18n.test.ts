import { en } from "~/lib/i18n/en";
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

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

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
