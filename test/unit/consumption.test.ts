import { consumptionVsNorm, DAYS_PER_MONTH, demandBasis, MIN_CONSUMPTION_DAYS, orderDemand } from "~/lib/domain/consumption";
import { stockOutlook } from "~/lib/domain/cover";
import { addDays } from "~/lib/time";

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

// Worked example for what drives the order (issue 17 item 4). Drinking water, Sphere 2018 Water
// supply standard 1: 15 L per person per day (the migration's norm for WATER-L). A station holds
// 200 people at the end of every day of the last 30 (6,000 person-days) and gave out 72,000 L:
// 12 L per person-day really consumed. It holds 20,000 L usable; lead time 7 days, safety stock
// 7 days, review period 14 days (reorder point = lead-time demand + safety days × daily demand;
// maximum = reorder point + review-period demand; order = ceil(maximum − position)).
describe("what drives the suggested order", () => {
  const today = "2026-12-03";
  const days = Array.from({ length: 30 }, (_, i) => addDays(today, i));
  const normPerDay = days.map((day) => ({ day, quantity: 200 * 15 }));
  const people = days.map(() => 200);
  const orderOf = (perDay: { day: string; quantity: number }[]) =>
    stockOutlook({ today, lots: [{ lotId: 1, quantity: 20_000, expiry: null }], demand: perDay, leadTimeDays: 7, safetyStockDays: 7, reviewPeriodDays: 14 });

  it("orders by the norm unless a planner chose the consumption: 64,000 L by the norm, 47,200 L by 12 L per person-day", () => {
    const census = Array.from({ length: 30 }, () => 200);
    const byNorm = orderDemand({ basis: demandBasis({ chosen: "norm", issued: 72_000, census }), normPerDay, people, servedToday: 200 });
    // Norm: 3,000 L a day; reorder point 7 × 3,000 + 7 × 3,000 = 42,000; maximum 42,000 + 14 × 3,000 = 84,000.
    const norm = orderOf(byNorm.perDay);
    expect(norm.reorderPoint).toBe(42_000);
    expect(norm.orderQuantity).toBe(84_000 - 20_000);
    expect(byNorm.basisWhy).toEqual({ key: "why.basis.norm", params: { rate: 15 } });

    const basis = demandBasis({ chosen: "consumption", issued: 72_000, census });
    expect(basis).toMatchObject({ used: "consumption", personDays: 6000, daysWithPeople: 30, fallback: null });
    expect(basis.actualPerPersonDay).toBe(12); // 72,000 L ÷ 6,000 person-days
    const byConsumption = orderDemand({ basis, normPerDay, people, servedToday: 200 });
    expect(byConsumption.perDay[0]).toEqual({ day: today, quantity: 2400 }); // 200 people × 12 L
    // 2,400 L a day: reorder point 7 × 2,400 × 2 = 33,600; maximum 33,600 + 14 × 2,400 = 67,200.
    const actual = orderOf(byConsumption.perDay);
    expect(actual.reorderPoint).toBe(33_600);
    expect(actual.orderQuantity).toBe(67_200 - 20_000);
    expect(byConsumption.basisWhy).toEqual({ key: "why.basis.consumption", params: { days: 30, rate: 12, issued: 72_000, personDays: 6000 } });
  });

  it("falls back to the norm, and says why, with too few days of people or nothing issued", () => {
    // People on only 10 of the 30 days (a station opened ten days ago): 2,000 person-days.
    const opened = [...Array.from({ length: 20 }, () => 0), ...Array.from({ length: 10 }, () => 200)];
    const few = demandBasis({ chosen: "consumption", issued: 24_000, census: opened });
    expect(few).toMatchObject({ chosen: "consumption", used: "norm", fallback: "fewDays", daysWithPeople: 10, personDays: 2000, actualPerPersonDay: 12 });
    expect(MIN_CONSUMPTION_DAYS).toBe(14);
    const fewOrder = orderDemand({ basis: few, normPerDay, people, servedToday: 200 });
    expect(orderOf(fewOrder.perDay).orderQuantity).toBe(64_000);
    expect(fewOrder.basisWhy).toEqual({
      key: "why.basis.fallbackFewDays",
      params: { have: 10, days: 30, need: 14, norm: [{ key: "why.basis.norm", params: { rate: 15 } }] },
    });

    const none = demandBasis({ chosen: "consumption", issued: 0, census: Array.from({ length: 30 }, () => 200) });
    expect(none).toMatchObject({ used: "norm", fallback: "nothingIssued" });
    expect(orderDemand({ basis: none, normPerDay, people, servedToday: 200 }).basisWhy.key).toBe("why.basis.fallbackNothingIssued");
    // The norm chosen is never a fallback, whatever the data.
    expect(demandBasis({ chosen: "norm", issued: 0, census: opened })).toMatchObject({ used: "norm", fallback: null });
  });

  it("writes the basis in the reader's language, with no English in Spanish", async () => {
    const { makeI18n } = await import("~/lib/i18n");
    const { renderWhyPart } = await import("~/lib/i18n/why-render");
    const part = { key: "why.basis.consumption" as const, params: { days: 30, rate: 2.4, issued: 14_400, personDays: 6000 } };
    const es = renderWhyPart(makeI18n("es"), part);
    expect(es).toContain("según el consumo real de los últimos 30 días: 2.4 por persona y día");
    expect(renderWhyPart(makeI18n("es"), { key: "why.basis.norm", params: { rate: 15 } })).toBe("Pedido según la norma: 15 por persona y día.");
    expect(renderWhyPart(makeI18n("en"), part)).toContain("actual consumption over the last 30 days: 2.4 per person per day");
  });
});
