import { openVialDiscardAt } from "~/lib/domain/care";
import { assessDose, offeredSchedule, warningKeys, warningText } from "~/lib/domain/schedule";
import { vaccineDemand, wastageFactor } from "~/lib/domain/vaccine-demand";
import { doseSchema } from "~/lib/schemas/vaccination";

describe("vaccine demand (eligible × doses × 1/(1 - wastage), in whole vials)", () => {
  it("MR, 10-dose vials, 50 % wastage: 100 children × 1 dose → 200 doses → 20 vials", () => {
    const d = vaccineDemand({ eligible: 100, dosesPerPerson: 1, wastageRate: 0.5, dosesPerVial: 10 });
    expect(d.wastageFactor).toBe(2);
    expect(d.dosesWithWastage).toBeCloseTo(200);
    expect(d.vials).toBe(20);
    expect(d.doses).toBe(200);
  });

  it("bOPV, 20-dose vials, 25 % wastage: 45 children × 3 doses = 135 → 180 → 9 vials", () => {
    const d = vaccineDemand({ eligible: 45, dosesPerPerson: 3, wastageRate: 0.25, dosesPerVial: 20 });
    expect(d.dosesAdministered).toBe(135);
    expect(d.dosesWithWastage).toBeCloseTo(180);
    expect(d.vials).toBe(9);
  });

  it("rounds up to the next whole vial", () => {
    // 7 × 1 × 1/(1 - 0.25) = 9.33 doses → 1 vial of 10
    expect(vaccineDemand({ eligible: 7, dosesPerPerson: 1, wastageRate: 0.25, dosesPerVial: 10 }).vials).toBe(1);
    // 8 → 10.67 → 2 vials
    expect(vaccineDemand({ eligible: 8, dosesPerPerson: 1, wastageRate: 0.25, dosesPerVial: 10 }).vials).toBe(2);
  });

  it("single-dose: 5 % wastage, 19 people → 20 doses exactly; 20 → 22", () => {
    expect(vaccineDemand({ eligible: 19, dosesPerPerson: 1, wastageRate: 0.05, dosesPerVial: 1 }).vials).toBe(20);
    expect(vaccineDemand({ eligible: 20, dosesPerPerson: 1, wastageRate: 0.05, dosesPerVial: null }).vials).toBe(22);
  });

  it("session-end vaccines open at least one vial per session", () => {
    const d = vaccineDemand({ eligible: 6, dosesPerPerson: 1, wastageRate: 0.5, dosesPerVial: 10, sessions: 3, openVialRule: "session_end" });
    expect(d.vials).toBe(3);
    expect(vaccineDemand({ eligible: 0, dosesPerPerson: 1, wastageRate: 0.5, dosesPerVial: 10, sessions: 3, openVialRule: "session_end" }).vials).toBe(0);
  });

  it("the wastage factor is 100 / (100 - wastage %) and refuses 100 %", () => {
    expect(wastageFactor(0.25)).toBeCloseTo(100 / 75);
    expect(wastageFactor(null)).toBe(1);
    expect(() => wastageFactor(1)).toThrow(RangeError);
  });
});

describe("the offered schedule", () => {
  const hexa = offeredSchedule["VAC-HEXA"];

  it("dose 1 on time: no warning, dose 2 due at 4 months", () => {
    const a = assessDose({ schedule: hexa, doseNumber: 1, onDay: "2026-03-01", birthDate: "2026-01-01", given: [] });
    expect(a.warnings).toEqual([]);
    expect(a.nextDueDate).toBe("2026-05-01");
  });

  it("out of order: dose 3 without dose 2 warns and is not refused", () => {
    const a = assessDose({ schedule: hexa, doseNumber: 3, onDay: "2026-07-01", birthDate: "2026-01-01", given: [{ doseNumber: 1, day: "2026-03-01" }] });
    expect(a.warnings).toContain("vaccination.warning.outOfOrder");
  });

  it("catch-up: a 14-month-old's first dose is late; the next is 4 weeks later", () => {
    const a = assessDose({ schedule: hexa, doseNumber: 1, onDay: "2026-03-01", birthDate: "2025-01-01", given: [] });
    expect(a.warnings).toEqual(["vaccination.warning.catchUp"]);
    expect(a.nextDueDate).toBe("2026-03-29");
  });

  it("too young and too soon", () => {
    const a = assessDose({ schedule: hexa, doseNumber: 2, onDay: "2026-03-10", birthDate: "2026-01-01", given: [{ doseNumber: 1, day: "2026-02-20" }] });
    expect(a.warnings).toEqual(expect.arrayContaining(["vaccination.warning.tooYoung", "vaccination.warning.intervalShort"]));
  });

  it("a vaccine or dose outside the schedule warns", () => {
    expect(assessDose({ schedule: undefined, doseNumber: 1, onDay: "2026-03-01", birthDate: null, given: [] }).warnings).toEqual(["vaccination.warning.notInSchedule"]);
    expect(assessDose({ schedule: offeredSchedule["VAC-YF"], doseNumber: 2, onDay: "2026-03-01", birthDate: null, given: [] }).nextDueDate).toBeNull();
  });

  it("Td in pregnancy: no age, next dose 4 weeks later", () => {
    const a = assessDose({ schedule: offeredSchedule["VAC-TD"], doseNumber: 1, onDay: "2026-03-01", birthDate: null, given: [] });
    expect(a.warnings).toEqual([]);
    expect(a.nextDueDate).toBe("2026-03-29");
  });

  it("stores warnings as keys", () => {
    expect(warningKeys(warningText(["vaccination.warning.catchUp", "vaccination.warning.outOfOrder"]))).toEqual([
      "vaccination.warning.catchUp",
      "vaccination.warning.outOfOrder",
    ]);
    expect(warningKeys("")).toEqual([]);
  });
});

describe("the open-vial deadline", () => {
  it("MR (session end) 6 h; Td (28 days)", () => {
    const opened = new Date("2026-11-28T14:00:00Z");
    expect(openVialDiscardAt(opened, "session_end").toISOString()).toBe("2026-11-28T20:00:00.000Z");
    expect(openVialDiscardAt(opened, "days_28").toISOString()).toBe("2026-12-26T14:00:00.000Z");
  });
});

describe("the dose form", () => {
  const schema = doseSchema({ timeZone: "America/Panama", now: () => new Date("2026-11-28T20:00:00Z") });
  const base = { intent: "record", idempotencyKey: "abcdefgh-1", occurredAt: "2026-11-28T10:00", vaccine: "VAC-MR", doseNumber: 1 };
  it("needs a reason when not given", () => {
    const r = schema.safeParse({ ...base, status: "not_given" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe("vaccination.reasonRequired");
    expect(schema.safeParse({ ...base, status: "not_given", notGivenReason: "refused" }).success).toBe(true);
    expect(schema.safeParse({ ...base, status: "given" }).success).toBe(true);
  });
});
