import { arrivalSchema, departureSchema, parseLocalOrInstant } from "~/lib/schemas/movement";
import { subgroupProblems, emptyCounts, shortfalls } from "~/lib/domain/population";

const now = () => new Date("2026-11-28T15:00:00Z");
const schema = arrivalSchema({ timeZone: "America/Panama", now });

function issues(result: ReturnType<typeof schema.safeParse>) {
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("times typed in a form", () => {
  it("are read on the deployment's wall clock", () => {
    expect(parseLocalOrInstant("2026-11-27T19:45", "America/Panama")?.toISOString()).toBe("2026-11-28T00:45:00.000Z");
  });
  it("keep an explicit offset from the API", () => {
    expect(parseLocalOrInstant("2026-11-27T19:45:00-05:00", "UTC")?.toISOString()).toBe("2026-11-28T00:45:00.000Z");
  });
  it("follow daylight saving where the zone has it", () => {
    expect(parseLocalOrInstant("2026-03-08T12:00", "America/New_York")?.toISOString()).toBe("2026-03-08T16:00:00.000Z");
  });
  it("refuse what is not a time", () => {
    expect(parseLocalOrInstant("yesterday", "America/Panama")).toBeNull();
  });
});

describe("the arrival form", () => {
  const base = { idempotencyKey: "key-00000001", occurredAt: "2026-11-28T09:30" };

  it("accepts a group whose nationalities add up to its total", () => {
    const result = schema.safeParse({ ...base, adultMen: 3, girls5to17: 1, pregnant: 1, nationalities: [{ country: "ht", count: 4 }], biometricsRegistered: 4 });
    expect(issues(result)).toEqual([]);
    expect(result.data?.nationalities).toEqual([{ country: "HT", count: 4 }]);
  });

  it("lets a country pre-filled on a row left at 0 be chosen on another row, and refuses it counted twice", () => {
    // The form pre-fills the facility's usual nationalities with no count; a person who types the
    // group's country on the first row must not be told it is already in the list.
    const chosen = schema.safeParse({ ...base, adultMen: 4, nationalities: [{ country: "VE", count: 4 }, { country: "HT", count: 0 }, { country: "VE", count: 0 }] });
    expect(issues(chosen)).toEqual([]);
    const twice = schema.safeParse({ ...base, adultMen: 4, nationalities: [{ country: "VE", count: 2 }, { country: "VE", count: 2 }] });
    expect(issues(twice)).toContain("nationalities.1.country: population.nationalityDuplicate");
  });

  it("says how far the nationalities are from the total", () => {
    const result = schema.safeParse({ ...base, adultMen: 5, nationalities: [{ country: "CU", count: 3 }] });
    expect(issues(result)).toContain("nationalities: population.nationalitiesMismatch?sum=3&total=5");
  });

  it("refuses more pregnant women than women and girls 5-17, at the pregnant field", () => {
    const result = schema.safeParse({ ...base, adultMen: 2, adultWomen: 1, pregnant: 2, nationalities: [{ country: "HT", count: 3 }] });
    expect(issues(result)).toContain("pregnant: population.subgroupTooLarge.women?limit=1");
  });

  it("refuses unaccompanied minors in a group of adults, and an unknown country", () => {
    const result = schema.safeParse({ ...base, adultMen: 2, unaccompaniedMinors: 1, nationalities: [{ country: "XX", count: 2 }] });
    expect(issues(result)).toEqual(
      expect.arrayContaining(["unaccompaniedMinors: population.subgroupTooLarge.children?limit=0", "nationalities.0.country: population.country"]),
    );
  });

  it("refuses an empty group, more biometrics than people, and a time in the future", () => {
    expect(issues(schema.safeParse({ ...base, nationalities: [] }))).toContain("adultMen: population.totalZero");
    expect(issues(schema.safeParse({ ...base, adultMen: 1, biometricsRegistered: 2, nationalities: [{ country: "HT", count: 1 }] }))).toContain(
      "biometricsRegistered: population.biometricsTooMany?total=1",
    );
    expect(issues(schema.safeParse({ ...base, occurredAt: "2026-11-28T23:00", adultMen: 1, nationalities: [{ country: "HT", count: 1 }] }))).toContain(
      "occurredAt: population.occurredInFuture",
    );
  });

  it("refuses negative and fractional counts", () => {
    expect(issues(schema.safeParse({ ...base, adultMen: -1 }))).toContain("adultMen: validation.nonNegative");
    expect(issues(schema.safeParse({ ...base, adultMen: 1.5 }))).toContain("adultMen: validation.wholeNumber");
  });
});

describe("the departure form", () => {
  const departures = departureSchema({ timeZone: "America/Panama", now });
  it("needs a receiving facility for a transfer", () => {
    const result = departures.safeParse({ idempotencyKey: "key-00000002", occurredAt: "2026-11-28T09:30", kind: "transfer", adultMen: 1 });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toContain("toFacility");
  });
});

describe("population arithmetic", () => {
  it("finds each group that a departure would take below zero", () => {
    const present = { ...emptyCounts(), adultMen: 4, adultWomen: 2 };
    expect(shortfalls(present, { ...emptyCounts(), adultMen: 5, adultWomen: 2 })).toEqual([{ group: "adultMen", present: 4, requested: 5 }]);
  });
  it("lets lactating and pregnant women each be up to the women present", () => {
    expect(subgroupProblems({ ...emptyCounts(), adultWomen: 2, pregnant: 2, lactating: 2 })).toEqual([]);
    expect(subgroupProblems({ ...emptyCounts(), adultWomen: 1, girls5to17: 1, disabilities: 3 })).toEqual([
      { group: "disabilities", limit: 2, limitGroups: "total" },
    ]);
  });
});
