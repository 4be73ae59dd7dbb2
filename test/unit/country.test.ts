import { getZodConstraint } from "@conform-to/zod/v4";
import { foldCountryText, resolveCountry } from "~/lib/schemas/country";
import { arrivalSchema } from "~/lib/schemas/movement";

// The arrival form's searchable country field (issue 15, fast entry): a person types a name in
// Spanish or English, or a code, as they know it; the server (and the page, with the same
// schema) reads it as the ISO 3166-1 alpha-2 code that the ledger stores.

describe("a typed country", () => {
  it.each([
    ["colombia", "CO"],
    ["Colombia", "CO"],
    ["COL", "CO"],
    ["co", "CO"],
    ["Haití", "HT"],
    ["haiti", "HT"],
    ["HAITÍ", "HT"],
    ["Venezuela", "VE"],
    ["ven", "VE"],
    ["  Perú ", "PE"],
    ["Camerún", "CM"],
    ["Cameroon", "CM"],
    ["Estados Unidos", "US"],
    ["United States", "US"],
    ["EEUU", "US"],
    ["Costa de Marfil", "CI"],
    ["Côte d’Ivoire", "CI"],
    ["Afganistán", "AF"],
    ["Venezuela (Bolivarian Republic of)", "VE"],
    ["Congo", "CG"],
    ["República Democrática del Congo", "CD"],
  ])("reads %j as %s", (typed, code) => {
    expect(resolveCountry(typed)).toBe(code);
  });

  it.each(["xyz", "Narnia", "XX", "ZZZ", "", "   ", "Colomb"])("finds no country in %j", (typed) => {
    expect(resolveCountry(typed)).toBeNull();
  });

  it("ignores case, accents and punctuation, and nothing else", () => {
    expect(foldCountryText("  Haití ")).toBe("haiti");
    expect(foldCountryText("Côte d’Ivoire")).toBe("cote d ivoire");
    expect(foldCountryText("Trinidad & Tobago")).toBe("trinidad y tobago");
  });
});

describe("the arrival schema with a typed country", () => {
  const schema = arrivalSchema({ timeZone: "America/Panama", now: () => new Date("2026-11-28T15:00:00Z") });
  const base = { idempotencyKey: "key-00000001", occurredAt: "2026-11-28T09:30", adultMen: 30, adultWomen: 10 };
  const issues = (result: ReturnType<typeof schema.safeParse>) =>
    result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);

  it("still gives the page its field constraints (a transform on the whole schema would not)", () => {
    expect(getZodConstraint(schema)["nationalities[].country"]).toEqual({ required: false });
  });

  it("records the ISO code of a name typed in Spanish or English beside a chosen code", () => {
    const result = schema.safeParse({ ...base, nationalities: [{ country: "VE", count: 25 }, { country: "colombia", count: 15 }] });
    expect(issues(result)).toEqual([]);
    expect(result.data?.nationalities).toEqual([
      { country: "VE", count: 25 },
      { country: "CO", count: 15 },
    ]);
  });

  it("names back the text it does not recognise, at its row", () => {
    const result = schema.safeParse({ ...base, nationalities: [{ country: "VE", count: 25 }, { country: "xyz", count: 15 }] });
    expect(issues(result)).toEqual(["nationalities.1.country: population.countryUnknown?text=xyz"]);
  });

  it("asks for the country of a row that has people and no country", () => {
    const result = schema.safeParse({ ...base, nationalities: [{ country: "VE", count: 25 }, { country: "", count: 15 }] });
    expect(issues(result)).toEqual(["nationalities.1.country: population.countryMissing"]);
  });

  it("sees a typed name and a chosen code of the same country as the same nationality", () => {
    const result = schema.safeParse({ ...base, nationalities: [{ country: "CO", count: 25 }, { country: "Colombia", count: 15 }] });
    expect(issues(result)).toEqual(["nationalities.1.country: population.nationalityDuplicate"]);
  });
});
