import {
  DEFAULT_SMALL_CELL_NORM,
  suppressCount,
  suppressRows,
  suppressTotal,
} from "~/lib/domain/small-cells";

describe("small-cell suppression", () => {
  it("hides counts from 1 to 4 under the default norm of 5, and shows 0 and 5 and above", () => {
    expect(DEFAULT_SMALL_CELL_NORM).toBe(5);
    expect([0, 1, 2, 4, 5, 6, 120].map((n) => suppressCount(n))).toEqual([
      { kind: "exact", n: 0 },
      { kind: "under", norm: 5 },
      { kind: "under", norm: 5 },
      { kind: "under", norm: 5 },
      { kind: "exact", n: 5 },
      { kind: "exact", n: 6 },
      { kind: "exact", n: 120 },
    ]);
  });

  it("honours another norm, and a norm of 1 hides nothing", () => {
    expect(suppressCount(9, 10)).toEqual({ kind: "under", norm: 10 });
    expect(suppressCount(10, 10)).toEqual({ kind: "exact", n: 10 });
    expect(suppressCount(1, 1)).toEqual({ kind: "exact", n: 1 });
  });

  it("refuses a norm that is not a whole number of at least 1", () => {
    expect(() => suppressCount(3, 0)).toThrow(RangeError);
    expect(() => suppressCount(3, 2.5)).toThrow(RangeError);
  });

  it("shows a total exactly when no cell of its column is hidden", () => {
    // SAM at three facilities: 12 + 0 + 7 = 19.
    expect(suppressTotal([12, 0, 7])).toEqual({ kind: "exact", n: 19 });
    expect(suppressTotal([])).toEqual({ kind: "exact", n: 0 });
  });

  it("hides a small total like any other count", () => {
    // 2 + 0 + 1 = 3: the total itself would point at people.
    expect(suppressTotal([2, 0, 1])).toEqual({ kind: "under", norm: 5 });
  });

  it("gives only a lower bound for a total with hidden cells, so no cell comes back by subtraction", () => {
    // 40 + 2 = 42 exactly would give the hidden 2 back (42 - 40); "at least 40" does not.
    expect(suppressTotal([40, 2])).toEqual({ kind: "atLeast", n: 40 });
    // Two hidden cells, 3 + 3 = 6: "at least 5" (the norm), not "at least 0".
    expect(suppressTotal([3, 3, 0])).toEqual({ kind: "atLeast", n: 5 });
    // 1 + 4 + 10 = 15: the cells shown sum to 10.
    expect(suppressTotal([1, 4, 10])).toEqual({ kind: "atLeast", n: 10 });
  });

  it("suppresses the listed fields of every row and keeps the others", () => {
    const rows = [
      { code: "SVC", sam: 3, census: 2 },
      { code: "LBL", sam: 8, census: 400 },
    ];
    expect(suppressRows(rows, ["sam"])).toEqual([
      { code: "SVC", sam: { kind: "under", norm: 5 }, census: 2 },
      { code: "LBL", sam: { kind: "exact", n: 8 }, census: 400 },
    ]);
  });
});
