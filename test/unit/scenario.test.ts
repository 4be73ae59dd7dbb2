import { projectOccupancy, type ArrivalsPoint } from "~/lib/domain/projection";
import { applyScenario, scenarioChangeSchema, scenarioChangesSchema, type ScenarioChange } from "~/lib/domain/scenario";

// A week of forecast from 2026-03-02 for three stations (mean / low / high a day):
//   LB Lajas Blancas 500 / 400 / 650, SV San Vicente 300 / 220 / 420, LPG Los Planes 200 / 120 / 300.
// Network: 1,000 / 740 / 1,370 a day.
const week = ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06", "2026-03-07", "2026-03-08"];
const flat = (mean: number, low: number, high: number): ArrivalsPoint[] => week.map((day) => ({ day, mean, low, high }));
const baseline = (): Map<string, ArrivalsPoint[]> =>
  new Map([
    ["LB", flat(500, 400, 650)],
    ["SV", flat(300, 220, 420)],
    ["LPG", flat(200, 120, 300)],
  ]);

const on = (forecasts: Map<string, ArrivalsPoint[]>, code: string, day: string) => forecasts.get(code)!.find((p) => p.day === day)!;
const networkOn = (forecasts: ReadonlyMap<string, readonly ArrivalsPoint[]>, day: string) => {
  const sum = { mean: 0, low: 0, high: 0 };
  for (const points of forecasts.values()) {
    const p = points.find((x) => x.day === day);
    if (p) {
      sum.mean += p.mean;
      sum.low += p.low;
      sum.high += p.high;
    }
  }
  return sum;
};

describe("surge", () => {
  // 2,500 a day for 3 days from 2026-03-03 across the network, split by the forecast mean over
  // those days: LB 500 / 1,000 = 50 % → +1,250, SV 30 % → +750, LPG 20 % → +500.
  const surge: ScenarioChange = { kind: "surge", from: "2026-03-03", days: 3, perDay: 2500, facilityCode: null };

  it("adds 2,500 a day across the network in proportion to each station's forecast, band shifted", () => {
    const { forecasts, notes } = applyScenario(baseline(), [surge]);
    expect(on(forecasts, "LB", "2026-03-03")).toEqual({ day: "2026-03-03", mean: 1750, low: 1650, high: 1900 });
    expect(on(forecasts, "SV", "2026-03-04")).toEqual({ day: "2026-03-04", mean: 1050, low: 970, high: 1170 });
    expect(on(forecasts, "LPG", "2026-03-05")).toEqual({ day: "2026-03-05", mean: 700, low: 620, high: 800 });
    // [from, from + 3 days): the day before and the fourth day are untouched.
    expect(on(forecasts, "LB", "2026-03-02").mean).toBe(500);
    expect(on(forecasts, "LB", "2026-03-06").mean).toBe(500);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.change).toBe(0);
    expect(notes[0]!.text).toContain("LB 50 %");
    expect(notes[0]!.text).toContain("not a forecast with an error of its own");
  });

  it("leaves the baseline it was given unchanged", () => {
    const base = baseline();
    applyScenario(base, [surge]);
    expect(on(base, "LB", "2026-03-03").mean).toBe(500);
  });

  it("moves a station's saturation date earlier", () => {
    // LB: census 1,000, stay 2 days, capacity 1,250 (warning above 1,062.5), high path 650 a day:
    //   day 1 (03-02) exits 500, census 1,150; day 2 (03-03) exits 575, census 1,225;
    //   day 3 (03-04) exits 612.5, census 1,262.5 > 1,250: saturated on 2026-03-04.
    // With the surge, day 2 arrivals on the high path are 650 + 1,250 = 1,900:
    //   day 2 exits 575, census 1,150 + 1,900 − 575 = 2,475: saturated on 2026-03-03.
    const project = (arrivals: ArrivalsPoint[]) =>
      projectOccupancy({ today: "2026-03-01", census: 1000, arrivals, lengthOfStayDays: 2, capacity: 1250, warningRatio: 0.85, saturatedRatio: 1 });
    const before = project(baseline().get("LB")!);
    const after = project(applyScenario(baseline(), [surge]).forecasts.get("LB")!);
    expect(before.saturationDay).toBe("2026-03-04");
    expect(after.days[1]!.censusHigh).toBe(2475);
    expect(after.saturationDay).toBe("2026-03-03");
  });

  it("at one station adds exactly perDay there, and says when days fall beyond the horizon", () => {
    const { forecasts, notes } = applyScenario(baseline(), [{ kind: "surge", from: "2026-03-07", days: 5, perDay: 100, facilityCode: "SV" }]);
    expect(on(forecasts, "SV", "2026-03-07").mean).toBe(400);
    expect(on(forecasts, "SV", "2026-03-08").high).toBe(520);
    expect(on(forecasts, "LB", "2026-03-07").mean).toBe(500);
    expect(notes[0]!.text).toContain("3 of them beyond the forecast horizon");
  });
});

describe("closure", () => {
  it("sends a closed station's arrivals to the open ones in proportion to their forecast", () => {
    // LPG closed from 03-04 for 2 days: its 200 (low 120, high 300) go 500 : 300 = 5/8 to LB and 3/8 to SV:
    // LB 500 + 125 = 625 (low 400 + 75 = 475, high 650 + 187.5 = 837.5), SV 300 + 75 = 375 (low 265, high 532.5).
    const { forecasts, notes } = applyScenario(baseline(), [{ kind: "closure", facilityCode: "LPG", from: "2026-03-04", days: 2 }]);
    expect(on(forecasts, "LPG", "2026-03-04")).toMatchObject({ mean: 0, low: 0, high: 0 });
    expect(on(forecasts, "LB", "2026-03-05")).toMatchObject({ mean: 625, low: 475, high: 837.5 });
    expect(on(forecasts, "SV", "2026-03-04")).toMatchObject({ mean: 375, low: 265, high: 532.5 });
    expect(on(forecasts, "LPG", "2026-03-06").mean).toBe(200);
    expect(notes[0]!.text).toContain("its 400 forecast arrivals");
  });

  it("conserves the network's arrivals every day, mean and band", () => {
    const { forecasts } = applyScenario(baseline(), [{ kind: "closure", facilityCode: "SV", from: "2026-03-02", days: null }]);
    for (const day of week) {
      const sum = networkOn(forecasts, day);
      expect(sum.mean).toBeCloseTo(1000, 9);
      expect(sum.low).toBeCloseTo(740, 9);
      expect(sum.high).toBeCloseTo(1370, 9);
      expect(on(forecasts, "SV", day).mean).toBe(0);
    }
  });

  it("only sends people to the stations allowed to receive them", () => {
    const { forecasts } = applyScenario(baseline(), [{ kind: "closure", facilityCode: "LPG", from: "2026-03-02", days: 1 }], {
      receivers: ["LB", "LPG"],
    });
    expect(on(forecasts, "LB", "2026-03-02").mean).toBe(700);
    expect(on(forecasts, "SV", "2026-03-02").mean).toBe(300);
  });

  it("sends a later surge at a closed station on to the open ones", () => {
    // After LPG closes, LB has 625 and SV 375 a day, so a surge of 100 at LPG goes 62.5 / 37.5.
    const { forecasts } = applyScenario(baseline(), [
      { kind: "closure", facilityCode: "LPG", from: "2026-03-02", days: null },
      { kind: "surge", from: "2026-03-02", days: 1, perDay: 100, facilityCode: "LPG" },
    ]);
    expect(on(forecasts, "LPG", "2026-03-02").mean).toBe(0);
    expect(on(forecasts, "LB", "2026-03-02").mean).toBe(687.5);
    expect(on(forecasts, "SV", "2026-03-02").mean).toBe(412.5);
  });
});

describe("divert", () => {
  it("sends 30 % of every other station's arrivals to Lajas Blancas", () => {
    // SV gives 30 % of 300 / 220 / 420 = 90 / 66 / 126; LPG gives 60 / 36 / 90.
    // LB: 500 + 150 = 650, low 400 + 102 = 502, high 650 + 216 = 866. SV 210 / 154 / 294, LPG 140 / 84 / 210.
    const { forecasts, notes } = applyScenario(baseline(), [{ kind: "divert", toFacilityCode: "LB", share: 0.3, from: "2026-03-02", days: null }]);
    for (const day of week) {
      expect(on(forecasts, "LB", day).mean).toBeCloseTo(650, 9);
      expect(on(forecasts, "LB", day).low).toBeCloseTo(502, 9);
      expect(on(forecasts, "LB", day).high).toBeCloseTo(866, 9);
      expect(on(forecasts, "SV", day).mean).toBeCloseTo(210, 9);
      expect(on(forecasts, "LPG", day).high).toBeCloseTo(210, 9);
      expect(networkOn(forecasts, day).mean).toBeCloseTo(1000, 9);
    }
    expect(notes[0]!.text).toContain("30 % of every other facility's arrivals go to LB");
  });

  it("refuses a target that may not receive people", () => {
    const { forecasts, notes } = applyScenario(baseline(), [{ kind: "divert", toFacilityCode: "SV", share: 0.5, from: "2026-03-02", days: 2 }], {
      receivers: ["LB"],
    });
    expect(on(forecasts, "SV", "2026-03-02").mean).toBe(300);
    expect(notes[0]!.text).toContain("may not receive people");
  });
});

describe("scale and unknown facilities", () => {
  it("multiplies one station's forecast, band and all", () => {
    const { forecasts } = applyScenario(baseline(), [{ kind: "scale", facilityCode: "SV", factor: 1.5, from: "2026-03-02", days: 2 }]);
    expect(on(forecasts, "SV", "2026-03-03")).toMatchObject({ mean: 450, low: 330, high: 630 });
    expect(on(forecasts, "SV", "2026-03-04").mean).toBe(300);
  });

  it("leaves out a change naming a station with no forecast, and says so", () => {
    const { forecasts, notes } = applyScenario(baseline(), [{ kind: "closure", facilityCode: "XX", from: "2026-03-02", days: 1 }]);
    expect(networkOn(forecasts, "2026-03-02").mean).toBe(1000);
    expect(notes[0]!.text).toContain("XX has no forecast");
  });
});

describe("conservation under any mix of closures and diversions", () => {
  // A seeded pseudo-random generator (Park-Miller) so the cases are the same on every run.
  function generator(seed: number) {
    let state = seed;
    return () => {
      state = (state * 48271) % 2147483647;
      return state / 2147483647;
    };
  }

  it("keeps the network total of mean, low and high every day for 200 random scenarios", () => {
    const random = generator(20_260_301);
    const codes = ["LB", "SV", "LPG"];
    for (let run = 0; run < 200; run += 1) {
      const changes: ScenarioChange[] = [];
      const count = 1 + Math.floor(random() * 5);
      for (let i = 0; i < count; i += 1) {
        const from = week[Math.floor(random() * week.length)]!;
        const days = random() < 0.3 ? null : 1 + Math.floor(random() * 7);
        const code = codes[Math.floor(random() * codes.length)]!;
        changes.push(
          random() < 0.5
            ? { kind: "closure", facilityCode: code, from, days }
            : { kind: "divert", toFacilityCode: code, share: Math.round(random() * 100) / 100, from, days },
        );
      }
      const { forecasts } = applyScenario(baseline(), changes);
      for (const day of week) {
        const sum = networkOn(forecasts, day);
        expect(sum.mean).toBeCloseTo(1000, 6);
        expect(sum.low).toBeCloseTo(740, 6);
        expect(sum.high).toBeCloseTo(1370, 6);
      }
    }
  });
});

describe("scenario change schema", () => {
  it("reads a surge from form strings: a blank facility means the whole network", () => {
    const parsed: ScenarioChange = scenarioChangeSchema.parse({
      kind: "surge",
      from: "2026-03-03",
      days: "14",
      perDay: "2500",
      facilityCode: "",
    });
    expect(parsed).toEqual({ kind: "surge", from: "2026-03-03", days: 14, perDay: 2500, facilityCode: null });
  });

  it("reads a closure with no end as open-ended, and lower-case codes in capitals", () => {
    expect(scenarioChangeSchema.parse({ kind: "closure", facilityCode: "sv", from: "2026-03-03", days: "" })).toEqual({
      kind: "closure",
      facilityCode: "SV",
      from: "2026-03-03",
      days: null,
    });
  });

  const messageFor = (input: unknown) => {
    const result = scenarioChangeSchema.safeParse(input);
    expect(result.success).toBe(false);
    return result.error!.issues.map((i) => i.message);
  };

  it("explains each wrong field in English", () => {
    expect(messageFor({ kind: "surge", from: "2026-02-30", days: 14, perDay: 2500, facilityCode: null })).toEqual(["Enter a real date as YYYY-MM-DD."]);
    expect(messageFor({ kind: "surge", from: "2026-03-03", days: 91, perDay: 2500, facilityCode: null })).toEqual([
      "The number of days goes from 1 to 90.",
    ]);
    expect(messageFor({ kind: "surge", from: "2026-03-03", days: 14, perDay: 20_001, facilityCode: null })).toEqual([
      "Arrivals per day go from 0 to 20,000.",
    ]);
    expect(messageFor({ kind: "surge", from: "2026-03-03", days: 14, perDay: 12.5, facilityCode: null })).toEqual([
      "Arrivals per day must be a whole number.",
    ]);
    expect(messageFor({ kind: "divert", toFacilityCode: "LB", share: 1.2, from: "2026-03-03", days: null })).toEqual([
      "The share goes from 0 to 1 (0.3 is 30 %).",
    ]);
    expect(messageFor({ kind: "scale", facilityCode: null, factor: 11, from: "2026-03-03", days: null })).toEqual(["The factor goes from 0 to 10."]);
    expect(messageFor({ kind: "closure", facilityCode: "San Vicente", from: "2026-03-03", days: null })).toEqual([
      "A facility code is 2 to 8 capital letters or digits.",
    ]);
    expect(messageFor({ kind: "surge", from: "2026-03-03", perDay: 100, facilityCode: null })).toEqual(["Enter a number of days from 1 to 90."]);
    expect(messageFor({ kind: "flood", from: "2026-03-03" })).toEqual(["Choose a kind of change: surge, closure, divert or scale."]);
  });

  it("allows at most 20 changes in a scenario", () => {
    const change = { kind: "scale", facilityCode: null, factor: 1, from: "2026-03-03", days: null };
    expect(scenarioChangesSchema.safeParse(Array.from({ length: 20 }, () => change)).success).toBe(true);
    const tooMany = scenarioChangesSchema.safeParse(Array.from({ length: 21 }, () => change));
    expect(tooMany.error?.issues.map((i) => i.message)).toEqual(["A scenario has at most 20 changes."]);
  });
});
