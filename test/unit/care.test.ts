import {
  CASE_CODE_ALPHABET,
  CASE_CODE_LENGTH,
  ageInMonths,
  anaemiaInPregnancy,
  antenatalAssessment,
  caseCodeFrom,
  childNutrition,
  childDangerSigns,
  dueDateFromLmp,
  gestationalWeeks,
  lmpFromGestationalAge,
  muacClass,
  normaliseCaseCode,
  openVialDiscardAt,
  pregnancyDangerSigns,
  rutfSachetsPerDay,
  suggestsReferral,
  trimester,
} from "~/lib/domain/care";
import { antenatalEncounterSchema, childEncounterSchema, estimatedBirthDate, registerCaseSchema } from "~/lib/schemas/care";

// Worked examples from reference/standards.md (WHO norms).

describe("MUAC classes (WHO/UNICEF 2009, 6-59 months)", () => {
  it.each([
    [114, "sam"],
    [115, "mam"],
    [118, "mam"],
    [124, "mam"],
    [125, "normal"],
    [140, "normal"],
  ] as const)("MUAC %i mm at 24 months is %s", (mm, expected) => {
    expect(muacClass(mm, false, 24)).toBe(expected);
  });

  it("bilateral oedema is SAM whatever the MUAC, at any age", () => {
    expect(muacClass(140, true, 24)).toBe("sam");
    expect(muacClass(null, true, 3)).toBe("sam");
    expect(muacClass(null, true, 72)).toBe("sam");
  });

  it("classifies from 6 months up to 59 months only", () => {
    expect(muacClass(110, false, 5)).toBeNull();
    expect(muacClass(110, false, 6)).toBe("sam");
    expect(muacClass(110, false, 59)).toBe("sam");
    expect(muacClass(110, false, 60)).toBeNull();
  });

  it("no MUAC and no oedema gives no class", () => {
    expect(muacClass(null, false, 24)).toBeNull();
  });
});

describe("anaemia in pregnancy by trimester", () => {
  it("trimesters: < 14 weeks first, < 28 second, then third", () => {
    expect(trimester(13)).toBe(1);
    expect(trimester(14)).toBe(2);
    expect(trimester(27)).toBe(2);
    expect(trimester(28)).toBe(3);
  });

  it("Hb 108 g/L at 20 weeks is not anaemia (2nd trimester threshold 105) but at 30 weeks is (110)", () => {
    expect(anaemiaInPregnancy(108, 20)).toBe(false);
    expect(anaemiaInPregnancy(108, 30)).toBe(true);
  });

  it("thresholds are exclusive: 110 in the 1st trimester and 105 in the 2nd are not anaemia", () => {
    expect(anaemiaInPregnancy(110, 10)).toBe(false);
    expect(anaemiaInPregnancy(109, 10)).toBe(true);
    expect(anaemiaInPregnancy(105, 20)).toBe(false);
    expect(anaemiaInPregnancy(104, 20)).toBe(true);
  });
});

describe("gestational age and due date", () => {
  it("EDD from LMP 2026-03-01 is 2026-12-06 (Naegele, 280 days)", () => {
    expect(dueDateFromLmp("2026-03-01")).toBe("2026-12-06");
  });

  it("counts completed weeks from the LMP", () => {
    expect(gestationalWeeks("2026-03-01", "2026-03-01")).toBe(0);
    expect(gestationalWeeks("2026-03-01", "2026-03-07")).toBe(0);
    expect(gestationalWeeks("2026-03-01", "2026-03-08")).toBe(1);
    expect(gestationalWeeks("2026-03-01", "2026-07-19")).toBe(20);
  });

  it("goes back from gestational weeks to the LMP, consistently", () => {
    expect(lmpFromGestationalAge(20, "2026-07-19")).toBe("2026-03-01");
    expect(gestationalWeeks(lmpFromGestationalAge(33, "2026-11-28"), "2026-11-28")).toBe(33);
    expect(dueDateFromLmp(lmpFromGestationalAge(40, "2026-11-28"))).toBe("2026-11-28");
  });
});

describe("age in months", () => {
  it("counts whole months", () => {
    expect(ageInMonths("2024-11-28", "2026-11-28")).toBe(24);
    expect(ageInMonths("2024-11-29", "2026-11-28")).toBe(23);
    expect(ageInMonths("2026-05-28", "2026-11-28")).toBe(6);
  });

  it("estimates a birth date from an age in years and months", () => {
    expect(estimatedBirthDate(2, 0, "2026-11-28")).toBe("2024-11-28");
    expect(estimatedBirthDate(0, 7, "2026-03-31")).toBe("2025-08-31");
    expect(estimatedBirthDate(1, 1, "2026-03-31")).toBe("2025-02-28");
    expect(ageInMonths(estimatedBirthDate(3, 5, "2026-11-28"), "2026-11-28")).toBe(41);
  });
});

describe("RUTF sachets per day by weight band", () => {
  it.each([
    [3, null],
    [3.5, 1.5],
    [4.5, 2],
    [5.5, 2.5],
    [7, 3],
    [8.5, 3.5],
    [9.5, 4],
    [10.5, 4.5],
    [12.3, 5],
    [20, 5],
  ] as const)("%f kg → %s sachets", (kg, sachets) => {
    expect(rutfSachetsPerDay(kg)).toBe(sachets);
  });
});

describe("a child encounter's nutrition class as recorded", () => {
  it("without a birth date, oedema alone means SAM and the ration follows the weight", () => {
    // A child registered with no birth date, 7.5 kg, bilateral oedema, MUAC 130 mm.
    expect(childNutrition(null, "2026-12-04", { muacMm: 130, oedema: true, weightKg: 7.5 })).toEqual({ nutrition: "sam", rutfSachetsPerDay: 3 });
  });
  it("without a birth date and without oedema, MUAC alone is not classed", () => {
    expect(childNutrition(null, "2026-12-04", { muacMm: 110, oedema: false, weightKg: 7.5 })).toEqual({ nutrition: null, rutfSachetsPerDay: null });
  });
  it("with a birth date, MUAC is read against the 6-59-month bands", () => {
    // Born 2024-11-20: 24 months on 2026-12-04. 110 mm is SAM; 120 mm MAM, with no ration.
    expect(childNutrition("2024-11-20", "2026-12-04", { muacMm: 110, oedema: false, weightKg: 9 })).toEqual({ nutrition: "sam", rutfSachetsPerDay: 3.5 });
    expect(childNutrition("2024-11-20", "2026-12-04", { muacMm: 120, oedema: false, weightKg: 9 })).toEqual({ nutrition: "mam", rutfSachetsPerDay: null });
  });
  it("SAM without a weight gets no ration", () => {
    expect(childNutrition(null, "2026-12-04", { muacMm: null, oedema: true, weightKg: null })).toEqual({ nutrition: "sam", rutfSachetsPerDay: null });
  });
});

describe("an antenatal encounter's assessment as recorded", () => {
  it("takes the weeks typed over the last menstrual period", () => {
    // 100 g/L at 20 weeks (2nd trimester, threshold 105): anaemia.
    expect(antenatalAssessment("2026-01-01", "2026-12-04", { gestationalWeeks: 20, haemoglobinGL: 100 })).toEqual({ gestationalWeeks: 20, anaemia: true });
  });
  it("otherwise counts the weeks from the last menstrual period", () => {
    // LMP 2026-09-04 → 13 weeks on 2026-12-04 (1st trimester, threshold 110): 108 g/L is anaemia.
    expect(antenatalAssessment("2026-09-04", "2026-12-04", { gestationalWeeks: null, haemoglobinGL: 108 })).toEqual({ gestationalWeeks: 13, anaemia: true });
  });
  it("does not judge anaemia without a haemoglobin or without weeks", () => {
    expect(antenatalAssessment("2026-09-04", "2026-12-04", { gestationalWeeks: null, haemoglobinGL: null })).toEqual({ gestationalWeeks: 13, anaemia: null });
    expect(antenatalAssessment(null, "2026-12-04", { gestationalWeeks: null, haemoglobinGL: 100 })).toEqual({ gestationalWeeks: null, anaemia: null });
  });
});

describe("the open-vial rule", () => {
  const opened = new Date("2026-11-28T08:00:00Z");
  it("liquid vaccines keep 28 days after opening", () => {
    expect(openVialDiscardAt(opened, "days_28").toISOString()).toBe("2026-12-26T08:00:00.000Z");
  });
  it("reconstituted vaccines keep 6 hours (end of session)", () => {
    expect(openVialDiscardAt(opened, "session_end").toISOString()).toBe("2026-11-28T14:00:00.000Z");
  });
});

describe("case codes", () => {
  it("have no 0/O or 1/I", () => {
    expect(CASE_CODE_ALPHABET).toHaveLength(32);
    expect(CASE_CODE_ALPHABET).not.toMatch(/[0O1I]/);
  });

  it("use only the alphabet, eight characters, for any bytes", () => {
    for (const fill of [0, 31, 32, 127, 255]) {
      const code = caseCodeFrom(new Uint8Array(8).fill(fill));
      expect(code).toHaveLength(CASE_CODE_LENGTH);
      expect([...code].every((c) => CASE_CODE_ALPHABET.includes(c))).toBe(true);
    }
    expect(caseCodeFrom(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]))).toBe("ABCDEFGH");
    expect(caseCodeFrom(new Uint8Array([32, 33, 34, 35, 36, 37, 38, 63]))).toBe("ABCDEFG9");
    expect(caseCodeFrom(new Uint8Array(8).fill(255))).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
  });

  it("needs eight random bytes", () => {
    expect(() => caseCodeFrom(new Uint8Array(7))).toThrow();
  });

  it("normalises what is typed from a card", () => {
    expect(normaliseCaseCode(" abcd-efgh ")).toBe("ABCDEFGH");
    expect(normaliseCaseCode("ab cd ef 23")).toBe("ABCDEF23");
  });
});

describe("danger signs", () => {
  it("any sign suggests a referral, none does not", () => {
    expect(suggestsReferral([])).toBe(false);
    expect(suggestsReferral(["convulsions"])).toBe(true);
  });
  it("lists the WHO pregnancy and IMCI child signs", () => {
    expect(pregnancyDangerSigns).toContain("vaginal_bleeding");
    expect(childDangerSigns).toContain("unable_to_drink");
  });
});

describe("care form schemas", () => {
  const options = { timeZone: "America/Panama", now: () => new Date("2026-11-28T15:00:00Z") };

  it("refuses a MUAC of 20 mm and a future time", () => {
    const result = childEncounterSchema(options).safeParse({
      idempotencyKey: "key-00000001",
      occurredAt: "2026-11-29T10:00",
      muacMm: 20,
    });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((i) => i.message);
    expect(messages).toContain("care.muacRange");
    expect(messages).toContain("population.occurredInFuture");
  });

  it("requires a date of birth or an estimated age, and an LMP or weeks for a pregnancy", () => {
    const schema = registerCaseSchema({ today: "2026-11-28" });
    const base = { idempotencyKey: "key-00000002", sex: "female", arrivalDate: "2026-11-28" };
    expect(schema.safeParse({ ...base, birthMode: "date" }).success).toBe(false);
    expect(schema.safeParse({ ...base, birthMode: "estimated", ageYears: 24 }).success).toBe(true);
    expect(schema.safeParse({ ...base, birthMode: "estimated", ageYears: 24, pregnant: true, pregnancyMode: "weeks" }).success).toBe(false);
    expect(
      schema.safeParse({ ...base, birthMode: "estimated", ageYears: 24, pregnant: true, pregnancyMode: "weeks", gestationalWeeks: 20 })
        .success,
    ).toBe(true);
    expect(schema.safeParse({ ...base, birthMode: "date", birthDate: "2026-12-01" }).success).toBe(false);
    expect(schema.safeParse({ ...base, sex: "male", birthMode: "estimated", ageYears: 2, pregnant: true, lastMenstrualPeriod: "2026-06-01" }).success).toBe(false);
  });

  it("wants both blood pressures, diastolic below systolic", () => {
    const schema = antenatalEncounterSchema({ ...options, today: "2026-11-28" });
    const base = { idempotencyKey: "key-00000003", occurredAt: "2026-11-28T09:00" };
    expect(schema.safeParse({ ...base, systolic: 120 }).success).toBe(false);
    expect(schema.safeParse({ ...base, systolic: 80, diastolic: 120 }).success).toBe(false);
    expect(schema.safeParse({ ...base, systolic: 120, diastolic: 80 }).success).toBe(true);
  });
});
