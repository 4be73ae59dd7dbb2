import { english, spanish } from "../support/why";
import { buildPlan, type PlanFacilityInput, type PlanInputs } from "~/lib/domain/plan";
import { defaultCapacityNorms } from "~/lib/domain/capacity";
import { emptyCounts } from "~/lib/domain/population";

// A worked example of the whole plan, computed by hand.
//
// Station ST1: 100 beds; 50 adults present; for 40 days 20 arrived and 20 left every day, so
// the end-of-day census was 50 every day. Today 20 have arrived already.
// - Forecast: a flat series, so 20 a day with a band of 20 to 20 (no error to widen it).
// - Length of stay (Little's law): mean census 50 / mean exits 20 = 2.5 days.
// - Projection (each day exits = yesterday's census / 2.5; today's 20 arrivals are recorded):
//     today:  50 + (20 - 20) - 50 / 2.5 = 30
//     day 1:  30 + 20 - 30 / 2.5 = 38
//     day 2:  38 + 20 - 38 / 2.5 = 42.8
//     day 3:  42.8 + 20 - 42.8 / 2.5 = 45.68
// - People served a day = end-of-day census + those who left: 30 + 20 = 50, 38 + 12 = 50,
//   42.8 + 15.2 = 58, 45.68 + 17.12 = 62.8; ration kits (1 a person a day) the same.
// - 200 kits: 150 left after today, 100 after day 1, 42 after day 2; day 3 needs 62.8:
//   42 / 62.8 = 0.6688 of it → 3.6688 days of cover, stock-out on day 3, within the 7-day lead
//   time → a stock-out alert (a warning: more than 2 days away).
// Warehouse WH1 holds 1,000 kits and has no demand: it is the donor for ST1.

const today = "2026-03-10";
const day = (offset: number) => new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);

function station(overrides: Partial<PlanFacilityInput> = {}): PlanFacilityInput {
  return {
    id: 1,
    code: "ST1",
    name: "Station",
    kind: "reception_station",
    status: "open",
    latitude: 8.4,
    longitude: -78,
    beds: 100,
    coveredAreaM2: 0,
    waterLitresPerDay: 0,
    toilets: 0,
    sanitationFirstPhase: false,
    counts: { ...emptyCounts(), adultMen: 50 },
    lastEntryAt: `${today}T14:00:00.000Z`,
    history: Array.from({ length: 41 }, (_, i) => ({ day: day(i - 40), arrivals: 20, transfersIn: 0, departures: i === 40 ? 20 : 20, transfersOut: 0, census: 50 })),
    incomingPeople: 0,
    samChildren: 0,
    mamChildren: 0,
    lots: [{ itemId: 1, lotId: 11, quantity: 200, expiry: "2027-01-01", vvmStage: null, quarantined: false }],
    settings: [],
    incomingStock: [],
    ...overrides,
  };
}

function inputs(facilities: PlanFacilityInput[]): PlanInputs {
  return {
    today,
    now: `${today}T15:00:00.000Z`,
    norms: {
      ...defaultCapacityNorms,
      staleAfterHours: 12,
      forecastHorizonDays: 7,
      saturationAlertDays: 7,
      defaultLengthOfStayDays: 3,
      busSize: 50,
      reviewPeriodDays: 14,
      planningLevel: "p80",
    },
    items: [
      { id: 1, code: "RATION-KIT", nameEs: "Ración", nameEn: "Ration", category: "food", unit: "kit", dosesPerVial: null, openVialRule: null, wastageRate: null, active: true },
      { id: 2, code: "VAC-MR", nameEs: "SR", nameEn: "MR", category: "vaccine", unit: "dose", dosesPerVial: 10, openVialRule: "session_end", wastageRate: 0.5, active: true },
    ],
    itemNorms: [{ itemId: 1, target: "everyone", perPersonDay: 1 }],
    facilities,
    lengthOfStayWindowDays: 28,
    defaultLeadTimeDays: 7,
    defaultSafetyStockDays: 7,
  };
}

const warehouse: PlanFacilityInput = {
  ...station(),
  id: 2,
  code: "WH1",
  name: "Warehouse",
  kind: "warehouse",
  beds: 0,
  counts: emptyCounts(),
  history: [],
  lots: [{ itemId: 1, lotId: 21, quantity: 1000, expiry: "2027-01-01", vvmStage: null, quarantined: false }],
};

describe("the plan of a network", () => {
  const plan = buildPlan(inputs([station(), warehouse]));
  const st = plan.facilities.find((f) => f.code === "ST1")!;
  const kits = st.items.find((i) => i.itemCode === "RATION-KIT")!;

  it("forecasts a flat flow flat and measures the stay by Little's law", () => {
    expect(st.arrivals.map((p) => p.mean)).toEqual(Array(7).fill(20));
    expect(st.arrivals.map((p) => p.high)).toEqual(Array(7).fill(20));
    expect(st.lengthOfStay?.days).toBeCloseTo(2.5, 10);
  });

  it("projects the census from the census now, with today's recorded arrivals taken out", () => {
    expect(st.projection!.days.slice(0, 4).map((d) => d.censusHigh)).toEqual([30, 38, expect.closeTo(42.8, 9), expect.closeTo(45.68, 9)]);
    expect(st.projection!.saturationDay).toBeNull();
  });

  it("feeds everyone served each day and runs out of kits on day 3", () => {
    expect(kits.demandToday).toBeCloseTo(50, 9);
    expect(kits.daysOfCover).toBeCloseTo(3 + 42 / 62.8, 3);
    expect(kits.stockOutDay).toBe(day(3));
    const alert = plan.alerts.find((a) => a.kind === "stockout" && a.facilityCode === "ST1")!;
    expect(alert).toMatchObject({ itemCode: "RATION-KIT", day: day(3), daysAway: 3, severity: "warning" });
    expect(alert.href).toBe("/facilities/ST1/stock/RATION-KIT");
  });

  it("plans no vaccine where the vaccine is not stocked", () => {
    const mr = st.items.find((i) => i.itemCode === "VAC-MR")!;
    expect(mr.meanDailyDemand).toBe(0);
    expect(english(mr.demandFormula)).toMatch(/does not stock/);
    expect(spanish(mr.demandFormula)).toBe("Esta instalación no tiene esta vacuna: no se planifica demanda aquí.");
  });

  it("moves kits from the warehouse, which has no demand, to the station that is short", () => {
    const moves = plan.stockMoves.find((m) => m.itemCode === "RATION-KIT")!.moves;
    expect(moves).toHaveLength(1);
    expect(moves[0]).toMatchObject({ from: "WH1", to: "ST1" });
    expect(moves[0]!.quantity).toBeGreaterThan(0);
    expect(moves[0]!.quantity).toBeLessThanOrEqual(1000);
    expect(moves[0]!.effect.toDaysAfter!).toBeGreaterThan(moves[0]!.effect.toDaysBefore!);
  });

  it("warns of saturation today when the station is already over capacity, before anything less urgent", () => {
    const full = buildPlan(inputs([station({ counts: { ...emptyCounts(), adultMen: 120 } }), warehouse]));
    expect(full.alerts[0]).toMatchObject({ kind: "saturation", facilityCode: "ST1", day: today, daysAway: 0, severity: "critical" });
    // Buses of 50 are suggested only when a station has room: none here.
    expect(full.peopleTransfers.transfers).toEqual([]);
  });

  it("brings saturation forward under a surge scenario", () => {
    const surge = buildPlan(inputs([station(), warehouse]), [{ kind: "surge", from: today, days: 7, perDay: 100, facilityCode: "ST1" }]);
    const projected = surge.facilities.find((f) => f.code === "ST1")!.projection!;
    // Today: 50 + 100 - 20 = 130 > 100 beds.
    expect(projected.days[0]!.censusHigh).toBeCloseTo(130, 9);
    expect(projected.saturationDay).toBe(today);
    expect(surge.facilities.find((f) => f.code === "ST1")!.items.find((i) => i.itemCode === "RATION-KIT")!.orderQuantity).toBeGreaterThan(kits.orderQuantity);
  });
});
