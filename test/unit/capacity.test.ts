import { niceScale } from "~/components/charts";
import { capacitySummary, endOfDaySeries, isStale, type RollupRow } from "~/lib/capacity.server";
import { defaultCapacityNorms, effectiveCapacity, occupancy, type CapacityInputs } from "~/lib/domain/capacity";
import { emptyCounts, type Counts } from "~/lib/domain/population";

// Worked examples from reference/standards.md: capacity = min(beds, area / 3.5 m², water / 15 L,
// toilets × 20, or × 50 in the first phase of an emergency); warning above 85 %, saturated above 100 %.

const sanVicente: CapacityInputs = {
  beds: 544,
  coveredAreaM2: 2200,
  waterLitresPerDay: 12_000,
  toilets: 32,
  sanitationFirstPhase: false,
};

const operating = { ...defaultCapacityNorms, staleAfterHours: 12 };

describe("effective capacity", () => {
  it("San Vicente: min(544 beds, 2,200 m² ÷ 3.5 = 628, 12,000 L ÷ 15 = 800, 32 × 20 = 640) = 544, beds bind", () => {
    const result = effectiveCapacity(sanVicente);
    expect(result.capacity).toBe(544);
    expect(result.binding).toBe("beds");
    expect(Object.fromEntries(result.constraints.map((c) => [c.constraint, c.people]))).toEqual({
      beds: 544,
      area: 628,
      water: 800,
      toilets: 640,
    });
    expect(result.constraints.find((c) => c.constraint === "area")).toMatchObject({
      input: 2200,
      divisor: 3.5,
      operation: "divide",
    });
    expect(result.constraints.find((c) => c.constraint === "toilets")).toMatchObject({
      input: 32,
      divisor: 20,
      operation: "multiply",
    });
  });

  it("San Vicente in the first phase: toilets count 50 people each (32 × 50 = 1,600), beds still bind at 544", () => {
    const result = effectiveCapacity({ ...sanVicente, sanitationFirstPhase: true });
    expect(result.capacity).toBe(544);
    expect(result.binding).toBe("beds");
    expect(result.constraints.find((c) => c.constraint === "toilets")).toMatchObject({ people: 1600, divisor: 50 });
  });

  it("with 700 beds San Vicente is limited by its covered area: 2,200 ÷ 3.5 = 628.57, rounded down to 628", () => {
    expect(effectiveCapacity({ ...sanVicente, beds: 700 })).toMatchObject({ capacity: 628, binding: "area" });
  });

  it("water binds: 1,000 beds, 5,000 m² (1,428), 6,000 L a day (400), 40 toilets (800) → 400", () => {
    const result = effectiveCapacity({ beds: 1000, coveredAreaM2: 5000, waterLitresPerDay: 6000, toilets: 40, sanitationFirstPhase: false });
    expect(result).toMatchObject({ capacity: 400, binding: "water" });
  });

  it("toilets bind at Bajo Chiquito: 180 beds, 700 m² (200), 4,500 L (300), 8 toilets × 20 = 160; × 50 lets beds bind", () => {
    const bch = { beds: 180, coveredAreaM2: 700, waterLitresPerDay: 4500, toilets: 8, sanitationFirstPhase: false };
    expect(effectiveCapacity(bch)).toMatchObject({ capacity: 160, binding: "toilets" });
    expect(effectiveCapacity({ ...bch, sanitationFirstPhase: true })).toMatchObject({ capacity: 180, binding: "beds" });
  });

  it("uses the norms it is given (4.5 m² in a cold setting)", () => {
    const cold = { ...defaultCapacityNorms, coveredAreaPerPerson: 4.5 };
    expect(effectiveCapacity({ ...sanVicente, beds: 700 }, cold)).toMatchObject({ capacity: 488, binding: "area" });
  });

  it("names the first listed resource on a tie (beds before area)", () => {
    expect(effectiveCapacity({ ...sanVicente, beds: 628 })).toMatchObject({ capacity: 628, binding: "beds" });
  });

  it("leaves a zero (not measured) out instead of giving a capacity of zero", () => {
    const result = effectiveCapacity({ ...sanVicente, beds: 0, toilets: 0 });
    expect(result).toMatchObject({ capacity: 628, binding: "area" });
    expect(result.constraints.map((c) => c.constraint)).toEqual(["area", "water"]);
  });

  it("is null when nothing is measured", () => {
    expect(
      effectiveCapacity({ beds: 0, coveredAreaM2: 0, waterLitresPerDay: 0, toilets: 0, sanitationFirstPhase: true }),
    ).toEqual({ capacity: null, binding: null, constraints: [] });
  });
});

describe("occupancy thresholds", () => {
  it.each([
    [0, "ok"],
    [85, "ok"],
    [86, "warning"],
    [100, "warning"],
    [101, "saturated"],
    [250, "saturated"],
  ] as const)("%i people for 100 places is %s", (census, status) => {
    expect(occupancy(census, 100)).toEqual({ ratio: census / 100, status });
  });

  it("85 % of San Vicente's 544 (462.4) is not a warning at 462 and is at 463", () => {
    expect(occupancy(462, 544).status).toBe("ok");
    expect(occupancy(463, 544).status).toBe("warning");
    expect(occupancy(544, 544).status).toBe("warning");
    expect(occupancy(545, 544).status).toBe("saturated");
  });

  it("follows configured thresholds", () => {
    const norms = { ...defaultCapacityNorms, occupancyWarning: 0.9, occupancySaturated: 1.1 };
    expect(occupancy(90, 100, norms).status).toBe("ok");
    expect(occupancy(105, 100, norms).status).toBe("warning");
    expect(occupancy(111, 100, norms).status).toBe("saturated");
  });

  it("is unknown without a capacity", () => {
    expect(occupancy(40, null)).toEqual({ ratio: null, status: "unknown" });
  });
});

describe("capacity summary", () => {
  it("puts census, capacity, binding constraint and status together", () => {
    expect(capacitySummary({ ...sanVicente, kind: "reception_station" }, 616, operating)).toMatchObject({
      census: 616,
      capacity: 544,
      binding: "beds",
      status: "saturated",
    });
  });

  it("says a warehouse's capacity does not apply, whatever its inputs", () => {
    expect(capacitySummary({ ...sanVicente, kind: "warehouse" }, 0, operating)).toEqual({
      census: 0,
      capacity: null,
      binding: null,
      constraints: [],
      ratio: null,
      status: "notApplicable",
    });
  });

  it("says a facility with nothing measured has an unknown occupancy", () => {
    const nothing = { beds: 0, coveredAreaM2: 0, waterLitresPerDay: 0, toilets: 0, sanitationFirstPhase: false };
    expect(capacitySummary({ ...nothing, kind: "shelter" }, 12, operating)).toMatchObject({ capacity: null, status: "unknown" });
  });
});

describe("stale facilities", () => {
  const now = new Date("2025-03-10T12:00:00Z");
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
  const open = { kind: "reception_station", status: "open" };

  it("is stale after the configured hours without an entry, or with none ever", () => {
    expect(isStale(open, hoursAgo(11.9), now, 12)).toBe(false);
    expect(isStale(open, hoursAgo(12), now, 12)).toBe(false);
    expect(isStale(open, hoursAgo(12.1), now, 12)).toBe(true);
    expect(isStale(open, null, now, 12)).toBe(true);
    expect(isStale(open, hoursAgo(5), now, 4)).toBe(true);
  });

  it("never calls a warehouse or a closed facility stale", () => {
    expect(isStale({ kind: "warehouse", status: "open" }, null, now, 12)).toBe(false);
    expect(isStale({ kind: "shelter", status: "closed" }, hoursAgo(100), now, 12)).toBe(false);
  });
});

describe("end-of-day census from the roll-ups", () => {
  function counts(overrides: Partial<Counts>): Counts {
    return { ...emptyCounts(), ...overrides };
  }
  function row(day: string, net: Partial<Counts>, movements: Partial<RollupRow> = {}): RollupRow {
    return { day, arrivals: 0, departures: 0, transfersIn: 0, transfersOut: 0, ...counts(net), ...movements };
  }

  // Today (03-10) 10 adult men are present; on 03-08 five arrived, on 03-09 three left, and today four arrived.
  const rows = [
    row("2025-03-08", { adultMen: 5 }, { arrivals: 5 }),
    row("2025-03-09", { adultMen: -3 }, { departures: 3 }),
    row("2025-03-10", { adultMen: 4 }, { arrivals: 4 }),
  ];

  it("walks back from today's census, day by day, and fills days without movement", () => {
    const series = endOfDaySeries(counts({ adultMen: 10 }), emptyCounts(), rows, "2025-03-06", "2025-03-10");
    expect(series.map((d) => [d.day, d.census, d.arrivals, d.departures])).toEqual([
      ["2025-03-06", 4, 0, 0],
      ["2025-03-07", 4, 0, 0],
      ["2025-03-08", 9, 5, 0],
      ["2025-03-09", 6, 0, 3],
      ["2025-03-10", 10, 4, 0],
    ]);
    expect(series[2]?.counts.adultMen).toBe(9);
  });

  it("subtracts the net change of days after the last one shown", () => {
    const series = endOfDaySeries(counts({ adultMen: 10 }), counts({ adultMen: 4 }), rows.slice(0, 2), "2025-03-08", "2025-03-09");
    expect(series.map((d) => d.census)).toEqual([9, 6]);
  });

  it("keeps subgroups per day too", () => {
    const series = endOfDaySeries(
      counts({ adultWomen: 3, pregnant: 1 }),
      emptyCounts(),
      [row("2025-03-10", { adultWomen: 1, pregnant: 1 }, { arrivals: 1 })],
      "2025-03-09",
      "2025-03-10",
    );
    expect(series.map((d) => [d.counts.adultWomen, d.counts.pregnant, d.census])).toEqual([
      [2, 0, 2],
      [3, 1, 3],
    ]);
  });
});

describe("chart scale", () => {
  it("rounds the top of the axis up to a whole step of 1, 2, 2.5 or 5 × 10ⁿ", () => {
    expect(niceScale(544)).toEqual({ max: 600, step: 200 });
    expect(niceScale(2461)).toEqual({ max: 3000, step: 1000 });
    expect(niceScale(7)).toEqual({ max: 8, step: 2 });
    expect(niceScale(0)).toEqual({ max: 4, step: 1 });
  });
});
