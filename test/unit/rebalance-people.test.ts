import { english } from "../support/why";
import { suggestPeopleTransfers, type PeopleFacility } from "~/lib/domain/rebalance-people";

// Buses of 50, warning above 85 % of capacity.
//   SV San Vicente: capacity 544 → warning level 462.4; peak 900 on the upper edge; 500 there today.
//   LPG Los Planes: capacity 578 → level 491.3; peak 150 → room 341.3 (6 whole buses).
//   LB Lajas Blancas: capacity 600 → level 510; peak 320 → room 190 (3 whole buses).
//   WH warehouse: no capacity, houses nobody.
const sv: PeopleFacility = { code: "SV", census: 500, peakCensusHigh: 900, capacity: 544, acceptsPeople: true };
const lpg: PeopleFacility = { code: "LPG", census: 100, peakCensusHigh: 150, capacity: 578, acceptsPeople: true };
const lb: PeopleFacility = { code: "LB", census: 300, peakCensusHigh: 320, capacity: 600, acceptsPeople: true };
const wh: PeopleFacility = { code: "WH", census: 0, peakCensusHigh: 0, capacity: null, acceptsPeople: false };

describe("people transfer suggestions", () => {
  it("sends whole buses to the station with the most room first, never past the receiver's warning level", () => {
    // SV is 900 − 462.4 = 437.6 above its level: ceil(437.6 / 50) = 9 buses wanted.
    // LPG has the most room (341.3): 6 buses (300 people) → LPG 150 → 450, SV 900 → 600.
    // LPG's room is now 41.3 (no whole bus); LB has 190: 3 buses (150) → LB 320 → 470 (a 4th would be 520 > 510).
    // SV 600 → 450, below 462.4; 450 people moved of the 500 there today.
    const plan = suggestPeopleTransfers({ facilities: [sv, lpg, lb, wh], warningRatio: 0.85, busSize: 50 });
    expect(plan.transfers).toEqual([
      { from: "SV", to: "LPG", buses: 6, people: 300, effect: { fromPeakBefore: 900, fromPeakAfter: 600, toPeakBefore: 150, toPeakAfter: 450 } },
      { from: "SV", to: "LB", buses: 3, people: 150, effect: { fromPeakBefore: 600, fromPeakAfter: 450, toPeakBefore: 320, toPeakAfter: 470 } },
    ]);
    expect(plan.unresolved).toEqual([]);
    expect(english(plan.formula)).toContain("whole buses of 50 people");
    expect(english(plan.formula)).toContain("85 %");
  });

  it("never sends more people than are there today", () => {
    // Only 120 at SV: 2 full buses (100 people), though 9 are wanted; SV stays 337.6 above its level.
    const plan = suggestPeopleTransfers({ facilities: [{ ...sv, census: 120 }, lpg, lb], warningRatio: 0.85, busSize: 50 });
    expect(plan.transfers).toEqual([
      { from: "SV", to: "LPG", buses: 2, people: 100, effect: { fromPeakBefore: 900, fromPeakAfter: 800, toPeakBefore: 150, toPeakAfter: 250 } },
    ]);
    expect(plan.unresolved).toHaveLength(1);
    expect(plan.unresolved[0]!.code).toBe("SV");
    expect(plan.unresolved[0]!.peopleAboveWarning).toBeCloseTo(337.6, 9);
  });

  it("stops at just enough buses: 1 bus when a station is 10 people above its level", () => {
    // Level 462.4; peak 472.4 → 10 above → ceil(10 / 50) = 1 bus.
    const plan = suggestPeopleTransfers({ facilities: [{ ...sv, peakCensusHigh: 472.4 }, lpg, lb], warningRatio: 0.85, busSize: 50 });
    expect(plan.transfers.map((t) => [t.from, t.to, t.buses, t.people])).toEqual([["SV", "LPG", 1, 50]]);
  });

  it("sends to no closed station and none without a capacity", () => {
    const plan = suggestPeopleTransfers({
      facilities: [sv, { ...lpg, acceptsPeople: false }, { ...lb, capacity: null }, wh],
      warningRatio: 0.85,
      busSize: 50,
    });
    expect(plan.transfers).toEqual([]);
    expect(plan.unresolved.map((u) => u.code)).toEqual(["SV"]);
  });

  it("serves the station nearest saturation first, whatever the order given", () => {
    // SV peak 900 / 544 = 165 %; NB peak 560 / 500 = 112 % (level 425, 135 above → 3 buses).
    // SV takes LPG's 6 buses and LB's 3, leaving LB 40 of room: no whole bus for NB.
    const nb: PeopleFacility = { code: "NB", census: 400, peakCensusHigh: 560, capacity: 500, acceptsPeople: true };
    const forward = suggestPeopleTransfers({ facilities: [nb, sv, lpg, lb], warningRatio: 0.85, busSize: 50 });
    const backward = suggestPeopleTransfers({ facilities: [lb, lpg, sv, nb], warningRatio: 0.85, busSize: 50 });
    expect(forward.transfers.map((t) => t.from)).toEqual(["SV", "SV"]);
    expect(backward).toEqual(forward);
    expect(forward.unresolved.map((u) => u.code)).toEqual(["NB"]);
  });

  it("suggests nothing when no station is above its warning level", () => {
    expect(suggestPeopleTransfers({ facilities: [lpg, lb], warningRatio: 0.85, busSize: 50 }).transfers).toEqual([]);
  });
});
