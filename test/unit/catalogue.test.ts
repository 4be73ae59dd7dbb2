import { changedSettings, sameNorms } from "~/lib/domain/catalogue";

describe("an item's per-facility settings", () => {
  const facilities = [
    { id: 1, code: "LBL" },
    { id: 2, code: "SVC" },
  ];

  it("keeps only the rows that differ from what is stored, or from 7 and 7 days where nothing is", () => {
    const wanted = [
      { facility: "LBL", leadTimeDays: 7, safetyStockDays: 7 },
      { facility: "SVC", leadTimeDays: 14, safetyStockDays: 7 },
    ];
    expect(changedSettings(wanted, facilities)).toEqual([{ facilityId: 2, facility: "SVC", leadTimeDays: 14, safetyStockDays: 7 }]);
    expect(changedSettings(wanted, facilities, [{ facilityId: 1, leadTimeDays: 10, safetyStockDays: 7 }, { facilityId: 2, leadTimeDays: 14, safetyStockDays: 7 }])).toEqual([
      { facilityId: 1, facility: "LBL", leadTimeDays: 7, safetyStockDays: 7 },
    ]);
  });

  it("is undefined when a row names a facility that does not exist", () => {
    expect(changedSettings([{ facility: "NOPE", leadTimeDays: 7, safetyStockDays: 7 }], facilities)).toBeUndefined();
  });
});

describe("an item's per-person norms", () => {
  it("are the same whatever their order, and differ by any figure or source", () => {
    const water = { target: "everyone", perPersonDay: 15, source: "Sphere" };
    const soap = { target: "adultWomen", perPersonDay: 0.1, source: "Sphere" };
    expect(sameNorms([water, soap], [soap, water])).toBe(true);
    expect(sameNorms([water], [{ ...water, perPersonDay: 20 }])).toBe(false);
    expect(sameNorms([water], [water, soap])).toBe(false);
  });
});
