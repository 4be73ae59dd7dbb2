import { differs, headcountDifference } from "~/lib/domain/headcount";
import { emptyCounts } from "~/lib/domain/population";

describe("headcountDifference", () => {
  it("gives counted minus the census per group and the total of the base groups only", () => {
    const census = { ...emptyCounts(), adultMen: 40, adultWomen: 20, girls5to17: 6, pregnant: 3 };
    const counted = { ...emptyCounts(), adultMen: 35, adultWomen: 22, girls5to17: 6, pregnant: 4 };
    const d = headcountDifference(counted, census);
    expect(d.adultMen).toBe(-5);
    expect(d.adultWomen).toBe(2);
    expect(d.pregnant).toBe(1);
    // 35 + 22 + 6 = 63 counted against 66: three fewer; the pregnant woman is among the women.
    expect(d.total).toBe(-3);
    expect(differs(d)).toBe(true);
  });

  it("sees a difference in a subgroup alone, though the total is the same", () => {
    const census = { ...emptyCounts(), adultWomen: 10, lactating: 2 };
    const d = headcountDifference({ ...census, lactating: 3 }, census);
    expect(d.total).toBe(0);
    expect(differs(d)).toBe(true);
    expect(differs(headcountDifference(census, census))).toBe(false);
  });
});
