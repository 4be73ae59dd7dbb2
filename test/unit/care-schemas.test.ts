import { antenatalEncounterSchema, childEncounterSchema } from "~/lib/schemas/care";

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
