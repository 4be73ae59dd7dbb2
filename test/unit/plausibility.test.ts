import { DEFAULT_LIMIT, groupSizeCheck, percentile } from "~/lib/domain/plausibility";

describe("the group-size question", () => {
  // Twenty groups of a station: mostly families of 2-8, a few bus loads of 30-40.
  const recent = [3, 5, 2, 8, 4, 6, 3, 2, 7, 5, 4, 30, 6, 3, 5, 40, 2, 4, 6, 35];

  it("takes the 95th percentile by nearest rank", () => {
    // 20 sizes: rank ceil(0.95 × 20) = 19 of the sorted list [2,2,2,3,3,3,4,4,4,5,5,5,6,6,6,7,8,30,35,40].
    expect(percentile(recent, 0.95)).toBe(35);
    expect(percentile([], 0.95)).toBe(0);
  });

  it("asks about 4,000 typed instead of 40, and not about a bus load like the usual ones", () => {
    // Usual large group 35, limit 4 × 35 = 140.
    expect(groupSizeCheck(4000, recent)).toEqual({ limit: 140, usual: 35, unusual: true });
    expect(groupSizeCheck(40, recent).unusual).toBe(false);
    expect(groupSizeCheck(140, recent).unusual).toBe(false);
    expect(groupSizeCheck(141, recent).unusual).toBe(true);
  });

  it("never asks about a family, even where every group has been of one person", () => {
    const singles = Array(30).fill(1);
    expect(groupSizeCheck(20, singles)).toEqual({ limit: 20, usual: 1, unusual: false });
    expect(groupSizeCheck(21, singles).unusual).toBe(true);
  });

  it("without 20 recent groups, uses the default limit", () => {
    expect(groupSizeCheck(DEFAULT_LIMIT, [3, 4]).unusual).toBe(false);
    expect(groupSizeCheck(DEFAULT_LIMIT + 1, [3, 4])).toEqual({ limit: DEFAULT_LIMIT, usual: null, unusual: true });
  });
});
