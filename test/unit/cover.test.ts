import { english, spanish } from "../support/why";
import { addDays } from "~/lib/time";
import { projectItemDemand, projectVaccineDemand, stockOutlook, vaccinePlanningTargets } from "~/lib/domain/cover";
import { emptyCounts, type Counts } from "~/lib/domain/population";
import { offeredSchedule } from "~/lib/domain/schedule";

const today = "2026-03-01";
const adults = (n: number): Counts => ({ ...emptyCounts(), adultMen: n });
const constant = (perDay: number, days: number) => Array.from({ length: days }, (_, i) => ({ day: addDays(today, i), quantity: perDay }));
const planning = { leadTimeDays: 7, safetyStockDays: 7, reviewPeriodDays: 14 };

describe("demand per item from the projected census", () => {
  it("multiplies each day's projected people by the norm", () => {
    // Census 400 growing 50 a day, 1 ration kit per person per day: 400, 450, 500, 550.
    const days = [0, 1, 2, 3].map((i) => ({ day: addDays(today, i), counts: adults(400 + 50 * i) }));
    const demand = projectItemDemand({ days, norms: [{ target: "everyone", perPersonDay: 1 }] });
    expect(demand.perDay.map((d) => d.quantity)).toEqual([400, 450, 500, 550]);
    expect(demand.perDay[0]!.day).toBe(today);
    expect(demand.terms).toEqual([{ target: "everyone", people: 400, perPersonDay: 1, quantity: 400 }]);
    expect(english(demand.formula)).toContain("Mar 1, 2026: Everyone present 400 × 1 = 400");
  });

  it("gives RUTF from the children in SAM treatment, 3 sachets each a day, held constant", () => {
    // 4 SAM children × 3 sachets = 12 sachets a day, whatever the census does.
    const days = [0, 1, 2].map((i) => ({ day: addDays(today, i), counts: adults(400 + 50 * i) }));
    const demand = projectItemDemand({
      days,
      norms: [{ target: "samChildren", perPersonDay: 3 }],
      extraTargets: { samChildren: 4, assessedInfants: 3 },
    });
    expect(demand.perDay.map((d) => d.quantity)).toEqual([12, 12, 12]);
    expect(demand.unknownTargets).toEqual([]);
    expect(english(demand.formula)).toContain("Children in treatment for severe acute malnutrition 4 × 3 = 12");
    expect(english(demand.formula)).toContain("Held constant over the horizon: Children in treatment for severe acute malnutrition");
  });

  it("reports a norm target nobody counts instead of pretending it is zero people", () => {
    // Formula: 3 assessed infants × 0.2857 tins (two tins a week) = 0.8571 tins a day; the
    // RUSF norm for MAM children has no count, so it is left out and named.
    const days = [{ day: today, counts: adults(100) }];
    const demand = projectItemDemand({
      days,
      norms: [
        { target: "assessedInfants", perPersonDay: 0.2857 },
        { target: "mamChildren", perPersonDay: 1 },
      ],
      extraTargets: { assessedInfants: 3 },
    });
    expect(demand.perDay[0]!.quantity).toBeCloseTo(0.8571, 6);
    expect(demand.unknownTargets).toEqual(["mamChildren"]);
    expect(english(demand.formula)).toContain("Left out, nobody counts them: Children with moderate acute malnutrition");
  });

  it("adds census groups and everyone for an item with several norms", () => {
    // Hygiene kit: everyone 0.1 + adult women 0.2. 300 men and 200 women: 500 × 0.1 + 200 × 0.2 = 90.
    const counts = { ...emptyCounts(), adultMen: 300, adultWomen: 200 };
    const demand = projectItemDemand({
      days: [{ day: today, counts }],
      norms: [
        { target: "everyone", perPersonDay: 0.1 },
        { target: "adultWomen", perPersonDay: 0.2 },
      ],
    });
    expect(demand.perDay[0]!.quantity).toBe(90);
  });
});

describe("vaccine demand from arrivals", () => {
  it("has a planning target for every vaccine in the offered schedule", () => {
    expect(Object.keys(vaccinePlanningTargets).sort()).toEqual(Object.keys(offeredSchedule).sort());
  });

  it("hexavalent: 60 arrivals, 10 % under one year, single dose with 5 % wastage → 7 doses", () => {
    // eligible = 60 × (6 % boys + 4 % girls 0-11 m) = 6; 6 × 1 dose × 1/(1 - 0.05) = 6.32 doses
    // → 7 single-dose vials = 7 doses a day.
    const result = projectVaccineDemand({
      days: [0, 1].map((i) => ({ day: addDays(today, i), arrivals: 60, shares: { boys0to11m: 0.06, girls0to11m: 0.04, adultMen: 0.5 } })),
      itemCode: "VAC-HEXA",
      wastageRate: 0.05,
      dosesPerVial: 1,
      openVialRule: "days_28",
    });
    expect(result.targeted).toBe(true);
    expect(result.perDay[0]).toMatchObject({ day: today, eligible: 6, doses: 7, vials: 7 });
    expect(result.totalDoses).toBe(14);
    expect(english(result.formula)).toContain("60 arrivals × 10 % eligible = 6 × 1 × 1/(1 - 0.05) = 6.32 doses → 7 vials of 1");
  });

  it("MR: 10-dose vials with 50 % wastage are needed whole", () => {
    // eligible = 60 × (6 + 6 % aged 1-4 + 5 + 5 % aged 5-17) = 60 × 22 % = 13.2;
    // 13.2 × 1/(1 - 0.5) = 26.4 doses → 3 vials of 10 → 30 doses.
    const result = projectVaccineDemand({
      days: [{ day: today, arrivals: 60, shares: { boys1to4: 0.06, girls1to4: 0.06, boys5to17: 0.05, girls5to17: 0.05, boys0to11m: 0.1 } }],
      itemCode: "VAC-MR",
      wastageRate: 0.5,
      dosesPerVial: 10,
      openVialRule: "session_end",
    });
    expect(result.perDay[0]).toMatchObject({ eligible: 13.2, doses: 30, vials: 3 });
  });

  it("influenza counts pregnant arrivals with young children, and a day with no arrivals opens no vial", () => {
    // (10 % + 12 % + 3 % pregnant) × 60 = 15; 15 × 1/(1 - 0.25) = 20 doses → 2 vials of 10.
    const result = projectVaccineDemand({
      days: [
        { day: today, arrivals: 60, shares: { boys0to11m: 0.05, girls0to11m: 0.05, boys1to4: 0.06, girls1to4: 0.06, pregnant: 0.03 } },
        { day: addDays(today, 1), arrivals: 0, shares: { boys0to11m: 0.05 } },
      ],
      itemCode: "VAC-FLU",
      wastageRate: 0.25,
      dosesPerVial: 10,
      openVialRule: "days_28",
    });
    expect(result.perDay.map((d) => [d.eligible, d.doses, d.vials])).toEqual([
      [15, 20, 2],
      [0, 0, 0],
    ]);
  });

  it("takes a planner's own target, and projects nothing (saying so) for a vaccine with none", () => {
    // Td to pregnant women, two doses during a longer stay: 100 × 2 % × 2 = 4 doses × 1/(1-0.25)
    // = 5.33 → 1 vial of 10.
    const own = projectVaccineDemand({
      days: [{ day: today, arrivals: 100, shares: { pregnant: 0.02 } }],
      itemCode: "VAC-TD",
      wastageRate: 0.25,
      dosesPerVial: 10,
      openVialRule: "days_28",
      target: { groups: ["pregnant"], dosesPerPerson: 2 },
    });
    expect(own.perDay[0]).toMatchObject({ eligible: 2, doses: 10, vials: 1 });
    const none = projectVaccineDemand({
      days: [{ day: today, arrivals: 100, shares: { boys0to11m: 0.1 } }],
      itemCode: "VAC-BCG",
      wastageRate: 0.5,
      dosesPerVial: 10,
      openVialRule: "session_end",
    });
    expect(none.targeted).toBe(false);
    expect(none.totalDoses).toBe(0);
    expect(english(none.formula)).toContain("has no planning target");
  });
});

describe("stock outlook", () => {
  it("1,000 ration kits against a census of 400 growing 50 a day last 2.3 days", () => {
    // Demand 400, 450, 500, ... Today uses 400 (600 left), tomorrow 450 (150 left); on
    // 2026-03-03 only 150 of 500 are there: cover = 2 + 150/500 = 2.3 days, stock-out 2026-03-03.
    // Reorder point: lead-time demand 400+450+...+700 = 3,850, mean 550, + 7 safety days × 550
    // = 7,700. Review days 8-21: 750+...+1,050 (days 8-14) = 6,300, then the projection ends and
    // 1,050 a day continues for 7 days = 7,350 → maximum 7,700 + 13,650 = 21,350.
    // Position 1,000 ≤ 7,700 → order 21,350 - 1,000 = 20,350.
    const days = Array.from({ length: 14 }, (_, i) => ({ day: addDays(today, i), counts: adults(400 + 50 * i) }));
    const { perDay } = projectItemDemand({ days, norms: [{ target: "everyone", perPersonDay: 1 }] });
    const outlook = stockOutlook({ today, lots: [{ lotId: 1, quantity: 1000, expiry: null }], demand: perDay, ...planning });
    expect(outlook).toMatchObject({
      usable: 1000,
      daysOfCover: 2.3,
      stockOutDay: "2026-03-03",
      leadTimeDemand: 3850,
      reorderPoint: 7700,
      reviewPeriodDemand: 13650,
      maxLevel: 21350,
      stockPosition: 1000,
      belowReorderPoint: true,
      orderQuantity: 20350,
      expiringUnused: [],
    });
    expect(english(outlook.formula)).toContain("Stock runs out on Mar 3, 2026: 2.3 days of cover");
    expect(english(outlook.formula)).toContain("order ceil(21,350 - 1,000) = 20,350");
    // The Spanish dashboard reads it in Spanish, the day with its month's name.
    const es = spanish(outlook.formula);
    expect(es).toContain("Se agota el 3 mar 2026: 2.3 días de cobertura.");
    expect(es).toContain("Posición = utilizable 1,000 + en tránsito 0 = 1,000 ≤ 7,700 → pedir techo(21,350 - 1,000) = 20,350.");
    expect(es).not.toMatch(/\b(days|stock|demand|order|usable|lead time)\b/);
  });

  it("a lot expiring on day 3 of cover shortens the cover and shows what it leaves unused", () => {
    // 100 a day. Lot 2 (500, expires 2026-03-03 = day 3 counting today as day 1) is used first:
    // 300 over three days, then 200 expire unused. Lot 1 (500, no expiry) lasts 5 more days:
    // cover 8 days, stock-out 2026-03-09, instead of 10 days without the expiry.
    const demand = constant(100, 30);
    const lots = [
      { lotId: 1, quantity: 500, expiry: null },
      { lotId: 2, quantity: 500, expiry: "2026-03-03" },
    ];
    const outlook = stockOutlook({ today, lots, demand, ...planning });
    expect(outlook.daysOfCover).toBe(8);
    expect(outlook.stockOutDay).toBe("2026-03-09");
    expect(outlook.expiringUnused).toEqual([{ lotId: 2, expiry: "2026-03-03", quantity: 200 }]);
    expect(english(outlook.formula)).toContain("Expiring unused: lot 2 200 on Mar 3, 2026");

    const lasting = stockOutlook({ today, lots: [{ lotId: 1, quantity: 1000, expiry: null }], demand, ...planning });
    expect(lasting.daysOfCover).toBe(10);
    expect(lasting.stockOutDay).toBe("2026-03-11");
  });

  it("uses a lot through the end of its expiry day and ignores one already expired", () => {
    // Lot 1 expires today: today's 100 come from it, 50 are left and expire. Lot 3 expired
    // yesterday and is not usable. Lot 2's 300 then last 3 days: cover 4, out on 2026-03-05.
    const outlook = stockOutlook({
      today,
      lots: [
        { lotId: 1, quantity: 150, expiry: today },
        { lotId: 2, quantity: 300, expiry: "2027-01-01" },
        { lotId: 3, quantity: 999, expiry: "2026-02-28" },
      ],
      demand: constant(100, 10),
      ...planning,
    });
    expect(outlook.usable).toBe(450);
    expect(outlook.daysOfCover).toBe(4);
    expect(outlook.stockOutDay).toBe("2026-03-05");
    expect(outlook.expiringUnused).toEqual([{ lotId: 1, expiry: today, quantity: 50 }]);
  });

  it("reorder point, maximum and order quantity at 100 a day", () => {
    // Lead time 7, safety 7, review 14: reorder point 7 × 100 + 7 × 100 = 1,400; maximum
    // 1,400 + 14 × 100 = 2,800. Usable 1,000 + 200 in transit = 1,200 ≤ 1,400 → order 1,600.
    const lots = [{ lotId: 1, quantity: 1000, expiry: null }];
    const outlook = stockOutlook({ today, lots, demand: constant(100, 28), inTransit: 200, ...planning });
    expect(outlook).toMatchObject({ reorderPoint: 1400, maxLevel: 2800, stockPosition: 1200, belowReorderPoint: true, orderQuantity: 1600 });
    // At the reorder point exactly it is time to order (MSH: order when stock falls to the minimum).
    const at = stockOutlook({ today, lots, demand: constant(100, 28), inTransit: 400, ...planning });
    expect(at).toMatchObject({ belowReorderPoint: true, orderQuantity: 1400 });
    const above = stockOutlook({ today, lots, demand: constant(100, 28), inTransit: 401, ...planning });
    expect(above).toMatchObject({ belowReorderPoint: false, orderQuantity: 0 });
    expect(english(above.formula)).toContain("> 1,400 → no order");
  });

  it("rounds a fractional order up to whole units", () => {
    // Formula tins at 0.8571 a day, lead 7, safety 7, review 14: reorder point 14 × 0.8571 =
    // 11.9994, maximum 28 × 0.8571 = 23.9988; 5 tins on hand → order ceil(18.9988) = 19.
    const outlook = stockOutlook({ today, lots: [{ lotId: 1, quantity: 5, expiry: null }], demand: constant(0.8571, 28), ...planning });
    expect(outlook.reorderPoint).toBeCloseTo(11.9994, 6);
    expect(outlook.maxLevel).toBeCloseTo(23.9988, 6);
    expect(outlook.orderQuantity).toBe(19);
    // 5 / 0.8571 = 5.83 days of cover.
    expect(outlook.daysOfCover).toBeCloseTo(5 / 0.8571, 5);
  });

  it("continues past the simulated days at the last rate, still losing stock to expiry", () => {
    // 10 a day projected for 7 days, then 180 more days at 10: 187 days use 1,870 of lot 1
    // (3,000, usable through day 250 counting today as day 1). After that, lot 1 can give
    // (250 - 187) × 10 = 630 before it expires with 500 unused; lot 2 (2,000) then lasts 200
    // days: cover 250 + 200 = 450 days, stock-out not within the 187 days simulated.
    const outlook = stockOutlook({
      today,
      lots: [
        { lotId: 1, quantity: 3000, expiry: addDays(today, 249) },
        { lotId: 2, quantity: 2000, expiry: null },
      ],
      demand: constant(10, 7),
      ...planning,
    });
    expect(outlook.daysOfCover).toBe(450);
    expect(outlook.stockOutDay).toBeNull();
    expect(outlook.expiringUnused).toEqual([{ lotId: 1, expiry: addDays(today, 249), quantity: 500 }]);
    expect(outlook.orderQuantity).toBe(0);
  });

  it("has no cover figure and orders nothing when there is no demand, but still flags expiring stock", () => {
    const outlook = stockOutlook({
      today,
      lots: [{ lotId: 1, quantity: 40, expiry: "2026-03-10" }],
      demand: constant(0, 14),
      ...planning,
    });
    expect(outlook).toMatchObject({ daysOfCover: null, stockOutDay: null, reorderPoint: 0, belowReorderPoint: false, orderQuantity: 0 });
    expect(outlook.expiringUnused).toEqual([{ lotId: 1, expiry: "2026-03-10", quantity: 40 }]);
  });

  it("with nothing on hand the stock-out is today and the order fills to the maximum", () => {
    const outlook = stockOutlook({ today, lots: [], demand: constant(100, 28), ...planning });
    expect(outlook).toMatchObject({ daysOfCover: 0, stockOutDay: today, orderQuantity: 2800 });
  });

  it("fills gaps in the projected demand with the latest earlier day's rate", () => {
    // 100 on day 1, nothing given for days 2-3, 300 from day 4: 500 lasts 100 + 100 + 100 + 200/300.
    const outlook = stockOutlook({
      today,
      lots: [{ lotId: 1, quantity: 500, expiry: null }],
      demand: [
        { day: addDays(today, 3), quantity: 300 },
        { day: today, quantity: 100 },
      ],
      ...planning,
    });
    expect(outlook.daysOfCover).toBeCloseTo(3 + 2 / 3, 6);
    expect(outlook.stockOutDay).toBe("2026-03-04");
  });

  it("turns projected vaccine doses into days of cover", () => {
    // 7 hexavalent doses a day (see above), 50 doses on hand: 7 full days use 49, the eighth
    // day has 1 of 7 → 7.14 days of cover, stock-out on day 8.
    const vaccine = projectVaccineDemand({
      days: Array.from({ length: 14 }, (_, i) => ({ day: addDays(today, i), arrivals: 60, shares: { boys0to11m: 0.05, girls0to11m: 0.05 } })),
      itemCode: "VAC-HEXA",
      wastageRate: 0.05,
      dosesPerVial: 1,
      openVialRule: "days_28",
    });
    const demand = vaccine.perDay.map((d) => ({ day: d.day, quantity: d.doses }));
    const outlook = stockOutlook({ today, lots: [{ lotId: 9, quantity: 50, expiry: "2027-01-31" }], demand, ...planning });
    expect(outlook.daysOfCover).toBeCloseTo(7 + 1 / 7, 6);
    expect(outlook.stockOutDay).toBe(addDays(today, 7));
  });

  it("refuses nonsense inputs", () => {
    expect(() => stockOutlook({ today, lots: [], demand: constant(-1, 3), ...planning })).toThrow(RangeError);
    expect(() => stockOutlook({ today, lots: [], demand: [], ...planning, leadTimeDays: -1 })).toThrow(RangeError);
  });
});
