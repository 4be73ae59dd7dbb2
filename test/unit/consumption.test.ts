import { consumptionVsNorm, DAYS_PER_MONTH } from "~/lib/domain/consumption";

// Worked example: a station holding 600 people a day for 30 days (18,000 person-days) gave out
// 1,350 ration kits, where the norm (0.1 kit per person-day for this mix) says 1,800.
describe("consumption against the norm", () => {
  it("puts actual issues per person-day beside the norm, with AMC and months of stock", () => {
    const c = consumptionVsNorm({ days: 30, issued: 1350, personDays: 18_000, normQuantity: 1800, usable: 2000 });
    expect(c.actualPerPersonDay).toBeCloseTo(0.075, 10); // 1,350 / 18,000
    expect(c.normPerPersonDay).toBeCloseTo(0.1, 10); // 1,800 / 18,000
    expect(c.ratio).toBeCloseTo(0.75, 10); // three quarters of the norm
    expect(DAYS_PER_MONTH).toBe(30.4375);
    expect(c.monthlyConsumption).toBeCloseTo(1369.6875, 10); // 1,350 / 30 × 30.4375
    expect(c.monthsOfStock).toBeCloseTo(2000 / 1369.6875, 10); // ≈ 1.46 months
  });

  it("says nothing it cannot know: no people, no norm, nothing issued", () => {
    expect(consumptionVsNorm({ days: 30, issued: 0, personDays: 0, normQuantity: 0, usable: 50 })).toEqual({
      actualPerPersonDay: null,
      normPerPersonDay: null,
      ratio: null,
      monthlyConsumption: 0,
      monthsOfStock: null,
    });
    // Issued without a norm (an item given on request): actual per person-day, no ratio.
    const noNorm = consumptionVsNorm({ days: 30, issued: 90, personDays: 3000, normQuantity: 0, usable: 0 });
    expect(noNorm).toMatchObject({ actualPerPersonDay: 0.03, normPerPersonDay: 0, ratio: null, monthsOfStock: 0 });
  });
});
