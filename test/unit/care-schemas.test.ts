import { antenatalEncounterSchema, childEncounterSchema } from "~/lib/schemas/care";
import { cardDoseSchema } from "~/lib/schemas/vaccination";

const options = { timeZone: "America/Panama", now: () => new Date("2026-12-04T15:00:00Z"), today: "2026-12-04" };
const base = { idempotencyKey: "k-0123456789abcdef", occurredAt: "2026-12-04T09:30" };

describe("danger signs are a set", () => {
  it("accepts each sign once, in any order", () => {
    const result = childEncounterSchema(options).safeParse({ ...base, dangerSigns: ["lethargic_unconscious", "convulsions"] });
    expect(result.success && result.data.dangerSigns).toEqual(["lethargic_unconscious", "convulsions"]);
  });

  it("refuses a sign repeated, at the field, for a child and for a pregnancy", () => {
    const child = childEncounterSchema(options).safeParse({ ...base, dangerSigns: ["convulsions", "lethargic_unconscious", "convulsions"] });
    expect(child.success).toBe(false);
    expect(child.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["dangerSigns", "care.dangerSignsRepeated"]]);
    const pregnancy = antenatalEncounterSchema(options).safeParse({ ...base, dangerSigns: Array(1000).fill("vaginal_bleeding") });
    expect(pregnancy.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["dangerSigns", "care.dangerSignsRepeated"]]);
  });

  it("still refuses a sign that is not on the list", () => {
    const result = childEncounterSchema(options).safeParse({ ...base, dangerSigns: ["headache"] });
    expect(result.error?.issues.map((i) => i.message)).toEqual(["validation.choice"]);
  });
});

describe("a dose from a card (the form's schema, in the browser and on the server)", () => {
  const card = { intent: "cardDose", idempotencyKey: "k-0123456789abcdef", vaccine: "VAC-HEXA", doseNumber: 2, givenOn: "2026-03-01", place: " Hospital San José, Cali ", country: "co" };
  const schema = cardDoseSchema({ today: "2026-12-04", birthDate: "2025-12-20" });
  const issues = (value: object) => {
    const result = schema.safeParse(value);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };

  it("takes the day, the dose within the schedule, the place trimmed and the country as ISO alpha-2; the lot is optional", () => {
    const result = schema.safeParse(card);
    expect(result.success && result.data).toMatchObject({ givenOn: "2026-03-01", doseNumber: 2, place: "Hospital San José, Cali", country: "CO", lotNumber: "" });
    // Today is allowed; so is the birth day.
    expect(issues({ ...card, givenOn: "2026-12-04" })).toEqual([]);
    expect(issues({ ...card, givenOn: "2025-12-20" })).toEqual([]);
  });

  it("refuses a day after today or before the birth, a dose beyond the vaccine's schedule, a country that is not one", () => {
    expect(issues({ ...card, givenOn: "2026-12-05" })).toEqual(["givenOn: vaccination.card.dateInFuture"]);
    expect(issues({ ...card, givenOn: "2025-12-19" })).toEqual(["givenOn: vaccination.card.beforeBirth"]);
    expect(issues({ ...card, givenOn: "2026-02-30" })).toEqual(["givenOn: validation.date"]);
    expect(issues({ ...card, doseNumber: 5 })).toEqual(["doseNumber: vaccination.card.beyondSchedule?doses=4"]);
    expect(issues({ ...card, vaccine: "VAC-YF", doseNumber: 2 })).toEqual(["doseNumber: vaccination.card.beyondSchedule?doses=1"]);
    expect(issues({ ...card, doseNumber: 0 })).toEqual(["doseNumber: validation.choice"]);
    expect(issues({ ...card, country: "XK" })).toEqual(["country: validation.choice"]);
    expect(issues({ ...card, place: "" })).toEqual(["place: validation.required"]);
  });

  it("without a birth date, only today bounds the day", () => {
    expect(cardDoseSchema({ today: "2026-12-04", birthDate: null }).safeParse({ ...card, givenOn: "1990-05-01" }).success).toBe(true);
  });
});
