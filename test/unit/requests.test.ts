import {
  changedOnApproval,
  emergencyVerdict,
  learnedLeadTime,
  median,
  nextStatus,
  planPick,
  realLeadTimeDays,
  receivedInFull,
  requestActions,
  requestStatuses,
  type PickLot,
} from "~/lib/domain/requests";
import { approveRequestSchema, confirmPickSchema, requestCreateSchema, requestedLines } from "~/lib/schemas/requests";

describe("the life cycle of a request", () => {
  it("follows draft → submitted → approved → picking → shipped → received → closed", () => {
    expect(nextStatus("draft", "submit")).toBe("submitted");
    expect(nextStatus("submitted", "approve")).toBe("approved");
    expect(nextStatus("approved", "startPicking")).toBe("picking");
    expect(nextStatus("picking", "ship")).toBe("shipped");
    expect(nextStatus("shipped", "receive")).toBe("received");
    expect(nextStatus("received", "close")).toBe("closed");
  });

  it("lets the warehouse ship an approved request without saying it started picking", () => {
    expect(nextStatus("approved", "ship")).toBe("shipped");
  });

  it("ends a rejected request: nothing follows it", () => {
    expect(nextStatus("submitted", "reject")).toBe("rejected");
    for (const action of requestActions) expect(nextStatus("rejected", action)).toBeNull();
  });

  it("never approves twice, ships a draft or closes before the receipt", () => {
    expect(nextStatus("approved", "approve")).toBeNull();
    expect(nextStatus("rejected", "approve")).toBeNull();
    expect(nextStatus("draft", "ship")).toBeNull();
    expect(nextStatus("shipped", "close")).toBeNull();
    expect(nextStatus("draft", "approve")).toBeNull();
  });

  it("has exactly one way into each status but the first", () => {
    const into = new Map<string, number>();
    for (const from of requestStatuses) for (const action of requestActions) {
      const to = nextStatus(from, action);
      if (to) into.set(`${action}:${to}`, (into.get(`${action}:${to}`) ?? 0) + 1);
    }
    expect(into.get("ship:shipped")).toBe(2);
    expect(into.get("approve:approved")).toBe(1);
  });
});

describe("the emergency rule (norm emergency_request_lead_times)", () => {
  const base = { emergency: true, today: "2026-12-04", leadTimes: 1, saturationDay: null };

  it("skips approval when the stock-out falls within the longest lead time: 8 days away, lead times 7 and 10", () => {
    const verdict = emergencyVerdict({ ...base, lines: [{ stockOutDay: "2026-12-12", leadTimeDays: 7 }, { stockOutDay: null, leadTimeDays: 10 }] });
    expect(verdict).toEqual({ skips: true, day: "2026-12-12", daysAway: 8, withinDays: 10 });
  });

  it("waits for a planner when the stock-out is further away: 12 days, lead time 10", () => {
    const verdict = emergencyVerdict({ ...base, lines: [{ stockOutDay: "2026-12-16", leadTimeDays: 10 }] });
    expect(verdict).toMatchObject({ skips: false, reason: "outside-lead-time", daysAway: 12 });
  });

  it("reads the facility's saturation day as well, whichever comes first", () => {
    const verdict = emergencyVerdict({ ...base, saturationDay: "2026-12-06", lines: [{ stockOutDay: "2026-12-30", leadTimeDays: 7 }] });
    expect(verdict).toEqual({ skips: true, day: "2026-12-06", daysAway: 2, withinDays: 7 });
  });

  it("scales with the norm: 14 days away skips with two lead times of 7, not with one", () => {
    const lines = [{ stockOutDay: "2026-12-18", leadTimeDays: 7 }];
    expect(emergencyVerdict({ ...base, leadTimes: 2, lines }).skips).toBe(true);
    expect(emergencyVerdict({ ...base, leadTimes: 1, lines }).skips).toBe(false);
  });

  it("never skips for a request not marked emergency, or one with no date at all", () => {
    expect(emergencyVerdict({ ...base, emergency: false, lines: [{ stockOutDay: "2026-12-05", leadTimeDays: 7 }] })).toMatchObject({ skips: false, reason: "not-emergency" });
    expect(emergencyVerdict({ ...base, lines: [{ stockOutDay: null, leadTimeDays: 7 }] })).toMatchObject({ skips: false, reason: "no-date" });
  });
});

describe("the pick list", () => {
  const today = "2026-12-04";
  const lot = (lotId: number, itemId: number, quantity: number, expiry: string | null, extra: Partial<PickLot> = {}): PickLot => ({
    lotId,
    itemId,
    quantity,
    expiry,
    vvmStage: null,
    quarantined: false,
    ...extra,
  });

  it("takes the lot that expires first: 300 asked of 100 (1 Mar) and 500 (1 Feb) is 300 of February's", () => {
    const lots = [lot(1, 7, 100, "2027-03-01"), lot(2, 7, 500, "2027-02-01"), lot(3, 7, 80, "2026-12-01")];
    expect(planPick([{ itemId: 7, quantity: 300 }], lots, today)).toEqual([{ itemId: 7, quantity: 300, short: 0, picks: [{ lotId: 2, quantity: 300, expiry: "2027-02-01" }] }]);
  });

  it("spreads over lots and names what is short: 700 asked is 500 + 100, 100 short (the expired lot is never taken)", () => {
    const lots = [lot(1, 7, 100, "2027-03-01"), lot(2, 7, 500, "2027-02-01"), lot(3, 7, 80, "2026-12-01")];
    const [line] = planPick([{ itemId: 7, quantity: 700 }], lots, today);
    expect(line!.picks.map((p) => [p.lotId, p.quantity])).toEqual([
      [2, 500],
      [1, 100],
    ]);
    expect(line!.short).toBe(100);
  });

  it("skips quarantined and VVM 3-4 lots, takes non-expiring stock last, and lots of other items never", () => {
    const lots = [
      lot(1, 7, 50, null),
      lot(2, 7, 50, "2027-01-01", { quarantined: true }),
      lot(3, 7, 50, "2027-01-02", { vvmStage: 3 }),
      lot(4, 7, 50, "2027-06-01"),
      lot(5, 8, 500, "2026-12-31"),
    ];
    const [line] = planPick([{ itemId: 7, quantity: 80 }], lots, today);
    expect(line!.picks.map((p) => [p.lotId, p.quantity])).toEqual([
      [4, 50],
      [1, 30],
    ]);
  });

  it("uses a lot on its expiry day (it expires at the end of it)", () => {
    const [line] = planPick([{ itemId: 7, quantity: 10 }], [lot(1, 7, 10, today)], today);
    expect(line!.short).toBe(0);
  });
});

describe("lead times learned", () => {
  it("counts the days from submitted to received, to one decimal", () => {
    expect(realLeadTimeDays(new Date("2026-12-01T08:00:00Z"), new Date("2026-12-05T20:00:00Z"))).toBe(4.5);
  });

  it("takes the median, so one boat stuck up the river does not move the plan: 4.5, 6, 5, 12, 5 → 5", () => {
    expect(learnedLeadTime(7, [4.5, 6, 5, 12, 5], 5)).toEqual({ configured: 7, learned: 5, count: 5 });
  });

  it("uses only the last N (the norm): the newest three of five", () => {
    expect(learnedLeadTime(7, [2, 3, 4, 20, 30], 3)).toEqual({ configured: 7, learned: 3, count: 3 });
  });

  it("has nothing to say before the first receipt, and averages the middle two of an even count", () => {
    expect(learnedLeadTime(7, [], 5)).toEqual({ configured: 7, learned: null, count: 0 });
    expect(median([4, 8, 5, 6])).toBe(5.5);
  });
});

describe("receipts and approvals", () => {
  it("closes on receipt only when every approved unit arrived", () => {
    expect(receivedInFull([{ approved: 10, received: 10 }, { approved: 0, received: 0 }])).toBe(true);
    expect(receivedInFull([{ approved: 10, received: 9 }])).toBe(false);
  });

  it("names the lines an approver changed", () => {
    expect(changedOnApproval([{ itemId: 1, requested: 10, approved: 10 }, { itemId: 2, requested: 10, approved: 6 }])).toEqual([{ itemId: 2, requested: 10, approved: 6 }]);
  });
});

describe("the request forms' schemas", () => {
  const valid = { idempotencyKey: "key-12345678", supplier: "alm", neededBy: "2026-12-10", "lines": [{ item: "ration-kit", quantity: "300" }] };

  it("accept a request and keep only the filled lines", () => {
    const parsed = requestCreateSchema({ today: "2026-12-04" }).parse({ ...valid, lines: [{ item: "ration-kit", quantity: "300" }, {}] });
    expect(parsed).toMatchObject({ supplier: "ALM", emergency: false, notes: "" });
    expect(requestedLines(parsed)).toEqual([{ index: 0, itemCode: "RATION-KIT", quantity: 300 }]);
  });

  it("refuse a past date, an item twice, a zero quantity and an empty request, at the field", () => {
    const schema = requestCreateSchema({ today: "2026-12-04" });
    const issues = (input: unknown) => schema.safeParse(input).error?.issues.map((i) => `${i.path.join(".")}:${i.message}`);
    expect(issues({ ...valid, neededBy: "2026-12-01" })).toEqual(["neededBy:request.neededByPast"]);
    expect(issues({ ...valid, lines: [{ item: "SOAP", quantity: "1" }, { item: "SOAP", quantity: "2" }] })).toEqual(["lines.1.item:request.itemTwice"]);
    expect(issues({ ...valid, lines: [{ item: "SOAP", quantity: "0" }] })).toEqual(["lines.0.quantity:request.quantityPositive"]);
    expect(issues({ ...valid, lines: [] })).toEqual(["lines.0.item:request.noLines"]);
    expect(issues({ ...valid, lines: [{ item: "SOAP", quantity: "1e3" }] })).toEqual(["lines.0.quantity:validation.digitsOnly"]);
  });

  it("take approved quantities and picked quantities as plain digits", () => {
    expect(approveRequestSchema.safeParse({ intent: "approve", idempotencyKey: "key-12345678", lines: [{ itemId: 3, approved: "-1" }] }).success).toBe(false);
    expect(confirmPickSchema.parse({ intent: "confirm", idempotencyKey: "key-12345678", lines: [{ lotId: 4, quantity: "0" }] }).lines).toEqual([{ lotId: 4, quantity: 0 }]);
  });
});
