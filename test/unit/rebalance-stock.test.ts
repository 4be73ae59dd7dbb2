import { english, spanish } from "../support/why";
import { suggestStockMoves, type FacilityStockState, type StockMove } from "~/lib/domain/rebalance-stock";

const facility = (code: string, usable: number, meanDailyDemand: number, reorderPoint: number, daysOfCover?: number | null): FacilityStockState => ({
  code,
  usable,
  meanDailyDemand,
  daysOfCover: daysOfCover !== undefined ? daysOfCover : meanDailyDemand > 0 ? usable / meanDailyDemand : null,
  leadTimeDays: 7,
  safetyStockDays: 7,
  reorderPoint,
});

function apply(facilities: readonly FacilityStockState[], moves: readonly StockMove[]): Map<string, number> {
  const after = new Map(facilities.map((f) => [f.code, f.usable]));
  for (const m of moves) {
    after.set(m.from, after.get(m.from)! - m.quantity);
    after.set(m.to, after.get(m.to)! + m.quantity);
  }
  return after;
}

describe("stock redistribution", () => {
  // WH: a warehouse, 500 kits, no demand → gives all 500.
  // A: 6,000 at 100 a day = 60 days; keeps 7 + 7 + 14 = 28 days → gives floor((60 - 28) × 100) = 3,200.
  // B: 300 at 100 a day = 3 days, reorder point 1,400 → needs 1,100.
  // C: 900 at 50 a day, reorder point 700: not short, not a donor (18 days).
  // D: 200 at 20 a day = 10 days, reorder point 280 → needs 80.
  // B is most short: WH's 500 first (B 3 → 8 days), then 600 from A (A 60 → 54, B 8 → 14).
  // Then D: 80 from A (A 54 → 53.2, D 10 → 14).
  const network = [
    facility("A", 6000, 100, 1400),
    facility("B", 300, 100, 1400),
    facility("C", 900, 50, 700),
    facility("D", 200, 20, 280),
    facility("WH", 500, 0, 0),
  ];

  it("moves surplus to the most short first, with the effect in days of cover", () => {
    const { moves, formula } = suggestStockMoves({ itemCode: "KIT-FOOD", facilities: network });
    expect(moves).toEqual([
      { from: "WH", to: "B", quantity: 500, effect: { fromDaysBefore: null, fromDaysAfter: null, toDaysBefore: 3, toDaysAfter: 8 } },
      { from: "A", to: "B", quantity: 600, effect: { fromDaysBefore: 60, fromDaysAfter: 54, toDaysBefore: 8, toDaysAfter: 14 } },
      { from: "A", to: "D", quantity: 80, effect: { fromDaysBefore: 54, fromDaysAfter: 53.2, toDaysBefore: 10, toDaysAfter: 14 } },
    ]);
    expect(english(formula)).toContain("A floor((60 - 28) days × 100) = 3,200");
    expect(english(formula)).toContain("B ceil(1,400 - 300) = 1,100");
    expect(english(formula)).toContain("A → D 80 (A 54 → 53.2 days, D 10 → 14 days)");
    expect(spanish(formula)).toContain("A → D 80 (A 54 → 53.2 días, D 10 → 14 días)");
    expect(spanish(formula)).toContain("A piso((60 - 28) días × 100) = 3,200");
    // A facility with no demand has no days of cover to count.
    expect(spanish(formula)).toContain("WH → B 500 (WH sin demanda → sin demanda, B 3 → 8 días)");
  });

  it("conserves the total, leaves donors their margin and lifts receivers to their reorder point", () => {
    const { moves } = suggestStockMoves({ itemCode: "KIT-FOOD", facilities: network });
    const after = apply(network, moves);
    const total = (m: Map<string, number>) => [...m.values()].reduce((s, v) => s + v, 0);
    expect(total(after)).toBe(network.reduce((s, f) => s + f.usable, 0));
    expect(after.get("A")).toBeGreaterThanOrEqual(28 * 100);
    expect(after.get("B")).toBe(1400);
    expect(after.get("D")).toBe(280);
    expect(after.get("C")).toBe(900);
    expect(moves.every((m) => Number.isInteger(m.quantity) && m.quantity > 0)).toBe(true);
  });

  it("gives the same moves whatever order the facilities come in", () => {
    const shuffled = [network[3]!, network[4]!, network[1]!, network[0]!, network[2]!];
    expect(suggestStockMoves({ itemCode: "KIT-FOOD", facilities: shuffled })).toEqual(
      suggestStockMoves({ itemCode: "KIT-FOOD", facilities: network }),
    );
  });

  it("counts a donor's cover after expiry, not its raw stock", () => {
    // 6,000 on hand at 100 a day, but half expires before use: the outlook says 30 days.
    // It keeps 28 days, so it can give floor((30 - 28) × 100) = 200, not 3,200.
    const { moves } = suggestStockMoves({
      itemCode: "KIT-FOOD",
      facilities: [facility("A", 6000, 100, 1400, 30), facility("B", 300, 100, 1400)],
    });
    expect(moves).toEqual([{ from: "A", to: "B", quantity: 200, effect: { fromDaysBefore: 30, fromDaysAfter: 28, toDaysBefore: 3, toDaysAfter: 5 } }]);
  });

  it("with too little surplus, serves the most short receiver first", () => {
    // A: 3,300 at 100 = 33 days, keeps 28 → 500 to give. B (2 days) needs 1,200 and takes all
    // 500; E (5 days) gets nothing.
    const { moves } = suggestStockMoves({
      itemCode: "KIT-FOOD",
      facilities: [facility("E", 500, 100, 1400), facility("A", 3300, 100, 1400), facility("B", 200, 100, 1400)],
    });
    expect(moves.map((m) => [m.from, m.to, m.quantity])).toEqual([["A", "B", 500]]);
  });

  it("suggests nothing when no donor exceeds its margin, and honours a smaller margin", () => {
    // A at exactly 28 days is not a donor; with a 7-day margin it keeps 21 days and gives 700.
    const facilities = [facility("A", 2800, 100, 1400), facility("B", 300, 100, 1400)];
    const none = suggestStockMoves({ itemCode: "KIT-FOOD", facilities });
    expect(none.moves).toEqual([]);
    expect(english(none.formula)).toContain("No facility has surplus");
    const smaller = suggestStockMoves({ itemCode: "KIT-FOOD", facilities, minDonorDays: 7 });
    expect(smaller.moves.map((m) => [m.from, m.to, m.quantity])).toEqual([["A", "B", 700]]);
  });

  it("rounds a fractional reorder point up and a fractional surplus down, so moves are whole", () => {
    // Receiver: reorder point 11.9994 tins, 5 on hand → 7 tins. Donor: 60 tins at 0.8571 a day
    // = 70.0035 days, keeps 28 → floor(42.0035 × 0.8571) = 36.
    const { moves } = suggestStockMoves({
      itemCode: "FORMULA",
      facilities: [facility("A", 60, 0.8571, 11.9994), facility("B", 5, 0.8571, 11.9994)],
    });
    expect(moves.map((m) => [m.from, m.to, m.quantity])).toEqual([["A", "B", 7]]);
  });
});
