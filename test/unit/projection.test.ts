import { english, spanish } from "../support/why";
import { emptyCounts, totalOf, type Counts } from "~/lib/domain/population";
import {
  fallbackShares,
  measuredLengthOfStay,
  projectOccupancy,
  sharesOf,
  splitByShares,
  type ArrivalsPoint,
} from "~/lib/domain/projection";

const flat = (days: string[], mean: number, low: number, high: number): ArrivalsPoint[] =>
  days.map((day) => ({ day, mean, low, high }));
const march = ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"];

describe("length of stay from the facility's own entries (Little's law)", () => {
  it("mean census 500 ÷ mean exits 200 a day = 2.5 days", () => {
    // Day 1: census 520, exits 150 + 50 = 200. Day 2: census 480, exits 180 + 20 = 200.
    // Mean census (520 + 480) / 2 = 500; mean exits 200; stay 500 / 200 = 2.5 days.
    const result = measuredLengthOfStay([
      { census: 520, departures: 150, transfersOut: 50 },
      { census: 480, departures: 180, transfersOut: 20 },
    ]);
    expect(result).toMatchObject({ days: 2.5, measuredDays: 2.5, clamped: false, meanCensus: 500, meanExitsPerDay: 200, window: 2 });
    expect(english(result.formula)).toContain("500 ÷ 200 = 2.5 days");
  });

  it("is unknown when nobody left during the window", () => {
    const result = measuredLengthOfStay([{ census: 300, departures: 0, transfersOut: 0 }]);
    expect(result.days).toBeNull();
    expect(english(result.formula)).toContain("cannot be measured");
    expect(measuredLengthOfStay([]).days).toBeNull();
  });

  it("clamps a stay over 30 days (census 3,000 with 10 exits a day = 300 days) and says so", () => {
    const result = measuredLengthOfStay([{ census: 3000, departures: 10, transfersOut: 0 }]);
    expect(result).toMatchObject({ days: 30, measuredDays: 300, clamped: true });
    expect(english(result.formula)).toContain("so 30 days are used");
  });

  it("clamps a stay under half a day (census 10, 100 exits = 0.1 days) to 0.5", () => {
    expect(measuredLengthOfStay([{ census: 10, departures: 60, transfersOut: 40 }])).toMatchObject({ days: 0.5, clamped: true });
  });
});

describe("occupancy projection", () => {
  // Census 500 today, stay 2.5 days, capacity 700 (warning above 595, saturated above 700).
  // Mean path, 300 arrivals a day:
  //   day 1 exits 500 / 2.5 = 200, census 500 + 300 − 200 = 600 (85.7 %: warning)
  //   day 2 exits 600 / 2.5 = 240, census 600 + 300 − 240 = 660
  //   day 3 exits 660 / 2.5 = 264, census 660 + 300 − 264 = 696
  //   day 4 exits 696 / 2.5 = 278.4, census 696 + 300 − 278.4 = 717.6 (102.5 %: saturated)
  // High path, 400 arrivals a day:
  //   day 1 exits 200, census 700 (exactly 100 %: not yet saturated)
  //   day 2 exits 280, census 700 + 400 − 280 = 820 (saturated)
  //   day 3 exits 328, census 892; day 4 exits 356.8, census 935.2
  const input = {
    today: "2026-03-01",
    census: 500,
    arrivals: flat(march, 300, 200, 400),
    lengthOfStayDays: 2.5,
    capacity: 700,
    warningRatio: 0.85,
    saturatedRatio: 1,
  };

  it("walks the census day by day on the mean and on the upper edge of the band", () => {
    const result = projectOccupancy(input);
    expect(result.days.map((d) => d.departures)).toEqual([200, 240, 264, 278.4]);
    expect(result.days.map((d) => d.census)).toEqual([600, 660, 696, 717.6]);
    expect(result.days.map((d) => d.departuresHigh)).toEqual([200, 280, 328, 356.8]);
    expect(result.days.map((d) => d.censusHigh)).toEqual([700, 820, 892, 935.2]);
    expect(result.days[0]).toMatchObject({ day: "2026-03-02", arrivals: 300, arrivalsHigh: 400, ratioHigh: 1 });
    expect(result.days[3]!.ratio).toBeCloseTo(717.6 / 700, 10);
    expect(result).toMatchObject({ peakCensus: 717.6, peakCensusHigh: 935.2, lengthOfStayDays: 2.5, lengthOfStaySource: "measured", basis: "high" });
  });

  it("dates saturation on the upper edge two days earlier than on the mean", () => {
    const result = projectOccupancy(input);
    expect(result.saturationDay).toBe("2026-03-03");
    expect(result.saturationDayMean).toBe("2026-03-05");
    expect(result.warningDay).toBe("2026-03-02");
    expect(result.warningDayMean).toBe("2026-03-02");
    expect(english(result.formula)).toContain("upper edge");
    expect(english(result.formula)).toContain("2.5 days, measured");
    expect(spanish(result.formula)).toContain("estancia media (2.5 días, medida con los registros de la instalación)");
    expect(spanish(result.formula)).not.toMatch(/\b(days|census|capacity|upper edge)\b/);
  });

  it("dates both levels today when today's census is already above them", () => {
    // 720 of 700 is 102.9 % today.
    const result = projectOccupancy({ ...input, census: 720 });
    expect(result).toMatchObject({ warningDay: "2026-03-01", saturationDay: "2026-03-01", warningDayMean: "2026-03-01", saturationDayMean: "2026-03-01" });
  });

  it("counts known transfers on their day: 100 moved out on day 2 gives 600 + 300 − 100 − 240 = 560", () => {
    const result = projectOccupancy({ ...input, knownTransfers: [{ day: "2026-03-03", net: -60 }, { day: "2026-03-03", net: -40 }] });
    expect(result.days.map((d) => d.census).slice(0, 2)).toEqual([600, 560]);
    expect(result.days[1]!.knownTransfers).toBe(-100);
  });

  it("uses 3 days when no stay was measured, and says so (census 300, no arrivals: 300 − 100 = 200)", () => {
    const result = projectOccupancy({ ...input, census: 300, arrivals: flat(march.slice(0, 1), 0, 0, 0), lengthOfStayDays: null });
    expect(result.days[0]!.census).toBe(200);
    expect(result.lengthOfStaySource).toBe("default");
    expect(english(result.formula)).toContain("3 days, default");
  });

  it("never lets more people leave than are there, nor the census go below zero", () => {
    // Stay 0.5 days: exits would be 100 / 0.5 = 200, but only 100 are there; census 100 + 50 − 100 = 50.
    const short = projectOccupancy({ ...input, census: 100, arrivals: flat(march.slice(0, 1), 50, 50, 50), lengthOfStayDays: 0.5 });
    expect(short.days[0]).toMatchObject({ departures: 100, census: 50 });
    // 10 present, 50 planned out: the census stops at 0.
    const out = projectOccupancy({
      ...input,
      census: 10,
      arrivals: flat(march.slice(0, 1), 0, 0, 0),
      lengthOfStayDays: 10,
      knownTransfers: [{ day: "2026-03-02", net: -50 }],
    });
    expect(out.days[0]!.census).toBe(0);
  });

  it("has no dates or ratios without a measured capacity", () => {
    const result = projectOccupancy({ ...input, capacity: null });
    expect(result.saturationDay).toBeNull();
    expect(result.warningDayMean).toBeNull();
    expect(result.days.every((d) => d.ratio === null && d.ratioHigh === null)).toBe(true);
    expect(english(result.formula)).toContain("no measured capacity");
  });
});

describe("group mix of a projected total", () => {
  it("splits 750 by today's mix of 500 (300 men, 100 women, 50 + 50 children 1-4, 10 pregnant)", () => {
    const census: Counts = { ...emptyCounts(), adultMen: 300, adultWomen: 100, boys1to4: 50, girls1to4: 50, pregnant: 10 };
    const counts = splitByShares(750, sharesOf(census));
    // Shares 60 %, 20 %, 10 %, 10 %; pregnant 10 / 500 = 2 % of the total.
    expect(counts).toMatchObject({ adultMen: 450, adultWomen: 150, boys1to4: 75, girls1to4: 75, pregnant: 15, boys5to17: 0 });
    expect(totalOf(counts)).toBe(750);
  });

  it("uses the Darién mix when nobody is present: of 1,000, 210 minors, 105 under 5, 20 pregnant", () => {
    expect(sharesOf(emptyCounts())).toEqual({});
    const counts = splitByShares(1000, {});
    const minors = counts.boys0to11m + counts.girls0to11m + counts.boys1to4 + counts.girls1to4 + counts.boys5to17 + counts.girls5to17;
    expect(minors).toBeCloseTo(210, 9);
    expect(counts.boys0to11m + counts.girls0to11m + counts.boys1to4 + counts.girls1to4).toBeCloseTo(105, 9);
    expect(counts.pregnant).toBeCloseTo(20, 9);
    expect(totalOf(counts)).toBeCloseTo(1000, 9);
    expect(Object.values(fallbackShares).every((s) => s >= 0)).toBe(true);
  });

  it("scales shares that do not add up to 1 so the groups still add up to the total", () => {
    const counts = splitByShares(90, { adultMen: 0.5, adultWomen: 0.4 });
    expect(counts.adultMen).toBeCloseTo(50, 9);
    expect(counts.adultWomen).toBeCloseTo(40, 9);
  });
});
