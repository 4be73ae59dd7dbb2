import { emptyCounts } from "~/lib/domain/population";
import { dailyDemand, daysOfCover, expiryBucket, isValidGtin, lotReadingProblem, pickFefo, quarantineAfterReading, reorderPoint, unusableReason, type LotState } from "~/lib/domain/stock";

const today = "2026-11-28";
const lot = (lotId: number, expiry: string | null, quantity: number, extra: Partial<LotState> = {}): LotState => ({
  lotId,
  expiry,
  quantity,
  vvmStage: null,
  quarantined: false,
  ...extra,
});

describe("first-expired-first-out", () => {
  it("takes the lot that expires first, then the next", () => {
    const lots = [lot(1, "2027-06-30", 50), lot(2, "2026-12-15", 20), lot(3, null, 100)];
    expect(pickFefo(lots, 30, today)).toEqual({ picks: [{ lotId: 2, quantity: 20 }, { lotId: 1, quantity: 10 }] });
  });

  it("skips expired, quarantined and VVM 3-4 stock, and says how much usable stock there is", () => {
    const lots = [
      lot(1, "2026-11-27", 10),
      lot(2, "2027-01-31", 10, { quarantined: true }),
      lot(3, "2027-01-31", 10, { vvmStage: 3 }),
      lot(4, "2027-02-28", 5),
    ];
    expect(pickFefo(lots, 6, today)).toEqual({ short: true, available: 5 });
    expect(pickFefo(lots, 5, today)).toEqual({ picks: [{ lotId: 4, quantity: 5 }] });
  });

  it("uses a VVM stage 2 lot before a stage 1 lot of the same expiry, as WHO advises", () => {
    const lots = [lot(1, "2027-01-31", 10, { vvmStage: 1 }), lot(2, "2027-01-31", 10, { vvmStage: 2 })];
    expect(pickFefo(lots, 4, today)).toEqual({ picks: [{ lotId: 2, quantity: 4 }] });
  });

  it("treats a lot as usable through the end of its expiry day", () => {
    expect(unusableReason(lot(1, today, 1), today)).toBeNull();
    expect(unusableReason(lot(1, "2026-11-27", 1), today)).toBe("expired");
  });
});

describe("demand and days of cover", () => {
  const census = { ...emptyCounts(), adultMen: 300, adultWomen: 150, boys0to11m: 10, girls0to11m: 12, boys1to4: 20, girls1to4: 18 };

  it("water: 510 people × 15 L = 7,650 L a day; 20,000 L usable last 2.6 days", () => {
    const demand = dailyDemand(census, [{ target: "everyone", perPersonDay: 15 }]);
    expect(demand.quantity).toBe(7650);
    expect(daysOfCover(20000, demand.quantity)).toBeCloseTo(2.614, 3);
  });

  it("nappies by age band: 22 infants × 6 + 38 young children × 3 = 246 a day", () => {
    const demand = dailyDemand(census, [
      { target: "boys0to11m", perPersonDay: 6 },
      { target: "girls0to11m", perPersonDay: 6 },
      { target: "boys1to4", perPersonDay: 3 },
      { target: "girls1to4", perPersonDay: 3 },
    ]);
    expect(demand.quantity).toBe(246);
  });

  it("leaves out targets the census does not count and says so", () => {
    const demand = dailyDemand(census, [{ target: "samChildren", perPersonDay: 3 }]);
    expect(demand).toEqual({ quantity: 0, terms: [], unknownTargets: ["samChildren"] });
    expect(daysOfCover(100, 0)).toBeNull();
  });

  it("reorder point = demand over lead time + safety stock: 510 kits a day, 7 + 7 days = 7,140", () => {
    expect(reorderPoint(510, 7, 7)).toBe(7140);
  });
});

describe("expiry windows and GTINs", () => {
  it("sorts a lot into 30, 60 or 90 days", () => {
    expect(expiryBucket("2026-12-20", today)).toBe(30);
    expect(expiryBucket("2027-01-20", today)).toBe(60);
    expect(expiryBucket("2027-02-20", today)).toBe(90);
    expect(expiryBucket("2027-06-20", today)).toBeNull();
    expect(expiryBucket("2026-11-01", today)).toBe("expired");
  });

  it("checks the GS1 check digit", () => {
    expect(isValidGtin("4006381333931")).toBe(true);
    expect(isValidGtin("4006381333932")).toBe(false);
    expect(isValidGtin("12345")).toBe(false);
  });
});

describe("a reading of a lot's condition", () => {
  const vaccine = { category: "vaccine", vvmStage: 2 };
  const reading = (vvmStage: number | null, excursion = false, note = "") => ({ vvmStage, excursion, note });

  it("is taken for a vaccine at the same or a later VVM stage, or with no stage at all", () => {
    expect(lotReadingProblem(reading(2), vaccine)).toBeNull();
    expect(lotReadingProblem(reading(3), vaccine)).toBeNull();
    expect(lotReadingProblem(reading(null, true), { category: "medical", vvmStage: null })).toBeNull();
  });

  it("refuses a VVM stage on an item that is not a vaccine, and a stage lower than the one on record", () => {
    expect(lotReadingProblem(reading(1), { category: "medical", vvmStage: null })).toEqual({ field: "vvmStage", message: "stock.vvmOnlyVaccines" });
    expect(lotReadingProblem(reading(1), vaccine)).toEqual({ field: "vvmStage", message: "stock.vvmCannotGoBack", stage: 2 });
  });

  it("quarantines at VVM 3 or on an excursion, with the note; a reading never lifts a quarantine", () => {
    const clear = { quarantined: false, quarantineReason: "" };
    expect(quarantineAfterReading(reading(2), clear)).toEqual({ quarantine: false, reason: "" });
    // VVM 3 alone does not set the flag here: the ledger quarantines VVM 3-4 itself (setLotCondition).
    expect(quarantineAfterReading(reading(3, false, "vial oscuro"), clear)).toEqual({ quarantine: false, reason: "vvm3: vial oscuro" });
    expect(quarantineAfterReading(reading(null, true, "6 h a 14 °C"), clear)).toEqual({ quarantine: true, reason: "excursion: 6 h a 14 °C" });
    expect(quarantineAfterReading(reading(2), { quarantined: true, quarantineReason: "excursion" })).toEqual({ quarantine: true, reason: "excursion" });
  });
});
