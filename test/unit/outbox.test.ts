import {
  answered,
  classifyReplay,
  continueAfter,
  countEntries,
  edited,
  fieldsOf,
  nestedValue,
  outboxFormOf,
  outboxTargetOf,
  pageOf,
  peopleIn,
  replayPath,
  sendOrder,
  shouldQueue,
  type OutboxEntry,
} from "~/lib/outbox/logic";

function entry(seq: number, status: OutboxEntry["status"] = "pending"): OutboxEntry {
  return {
    seq,
    kind: "arrival",
    facility: "LBL",
    path: "/facilities/LBL/arrivals/new",
    fields: [["idempotencyKey", `key-${seq}`]],
    savedAt: "2026-12-02T10:00:00.000Z",
    status,
    attempts: 0,
  };
}

describe("which forms keep a submission on the device", () => {
  it("knows the four field forms and their facility", () => {
    expect(outboxFormOf("/facilities/LBL/arrivals/new")).toEqual({ kind: "arrival", facility: "LBL" });
    expect(outboxFormOf("/facilities/SVC/departures/new")).toEqual({ kind: "departure", facility: "SVC" });
    expect(outboxFormOf("/facilities/SVC/stock/receipts/new")).toEqual({ kind: "receipt", facility: "SVC" });
    expect(outboxFormOf("/facilities/SVC/stock/issues/new")).toEqual({ kind: "issue", facility: "SVC" });
  });

  it("knows the other field forms: transfer receipt, count, encounters and doses", () => {
    expect(outboxFormOf("/facilities/SVC/transfers/12/receive")).toEqual({ kind: "transferReceipt", facility: "SVC" });
    expect(outboxFormOf("/facilities/SVC/stock/counts/4")).toEqual({ kind: "count", facility: "SVC" });
    expect(outboxFormOf("/facilities/LBL/care/LBL-0042/vaccinate")).toEqual({ kind: "dose", facility: "LBL" });
    // The case page holds both encounter forms (and others): the page is kept either way.
    expect(outboxFormOf("/facilities/LBL/care/LBL-0042")).not.toBeNull();
    expect(outboxFormOf("/facilities/LBL/care/CASE%2001")).not.toBeNull();
  });

  it("queues only the field forms of a page with several forms, by the intent they post", () => {
    expect(outboxTargetOf("/facilities/LBL/care/LBL-0042", "child")).toEqual({ kind: "childEncounter", facility: "LBL" });
    expect(outboxTargetOf("/facilities/LBL/care/LBL-0042", "antenatal")).toEqual({ kind: "antenatalEncounter", facility: "LBL" });
    expect(outboxTargetOf("/facilities/LBL/care/LBL-0042", "cardDose")).toEqual({ kind: "cardDose", facility: "LBL" });
    expect(outboxTargetOf("/facilities/LBL/care/LBL-0042", "referral")).toBeNull();
    expect(outboxTargetOf("/facilities/LBL/care/LBL-0042", "move")).toBeNull();
    expect(outboxTargetOf("/facilities/LBL/care/LBL-0042/vaccinate", "record")).toEqual({ kind: "dose", facility: "LBL" });
    expect(outboxTargetOf("/facilities/LBL/care/LBL-0042/vaccinate", "change-reason")).toBeNull();
    // A form of one page only (a count sheet's "save" or "submit" button) is queued whatever its intent.
    expect(outboxTargetOf("/facilities/SVC/stock/counts/4", "submit")).toEqual({ kind: "count", facility: "SVC" });
    expect(outboxTargetOf("/facilities/LBL/arrivals/new", null)).toEqual({ kind: "arrival", facility: "LBL" });
  });

  it("replays an index route's form to the page's own action", () => {
    expect(replayPath(new URL("http://station.test/facilities/LBL/care/LBL-0042?index"))).toBe("/facilities/LBL/care/LBL-0042?index");
    expect(replayPath(new URL("http://station.test/facilities/LBL/arrivals/new?_data=x"))).toBe("/facilities/LBL/arrivals/new");
    expect(pageOf({ path: "/facilities/LBL/care/LBL-0042?index" })).toBe("/facilities/LBL/care/LBL-0042");
  });

  it("leaves every other path alone (the API, other pages)", () => {
    expect(outboxFormOf("/api/v1/facilities/LBL/arrivals")).toBeNull();
    expect(outboxFormOf("/facilities/LBL")).toBeNull();
    expect(outboxFormOf("/facilities/LBL/arrivals/new/extra")).toBeNull();
    expect(outboxFormOf("/admin/users/new")).toBeNull();
  });
});

describe("editing a kept entry", () => {
  it("gives the form its fields back as conform's nested value", () => {
    expect(
      nestedValue([
        ["adultMen", "3"],
        ["nationalities[0].country", "HT"],
        ["nationalities[0].count", "2"],
        ["nationalities[1].country", "VE"],
        ["dangerSigns", "convulsions"],
        ["dangerSigns", "lethargy"],
      ]),
    ).toEqual({
      adultMen: "3",
      nationalities: [
        { country: "HT", count: "2" },
        { country: "VE" },
      ],
      dangerSigns: ["convulsions", "lethargy"],
    });
  });

  it("keeps the entry's key and place, takes the new fields, and goes back in line", () => {
    const refused: OutboxEntry = {
      ...entry(4, "attention"),
      fields: [
        ["idempotencyKey", "key-4"],
        ["adultMen", "4999"],
      ],
      reason: ["Hombres adultos: Solo hay 3 presentes en este grupo."],
      questions: [{ field: "confirmRepeat", label: "Sí" }],
    };
    const next = edited(refused, [
      ["outboxEdit", "4"],
      ["idempotencyKey", "a-fresh-key-the-form-made"],
      ["adultMen", "3"],
    ]);
    expect(next.seq).toBe(4);
    expect(next.status).toBe("pending");
    expect(next.fields).toEqual([
      ["idempotencyKey", "key-4"],
      ["adultMen", "3"],
    ]);
    expect(next.reason).toBeUndefined();
    expect(next.questions).toBeUndefined();
    expect(next.editedAt).toEqual(expect.any(String));
  });
});

describe("what a replay's answer means", () => {
  it("removes the entry on a 2xx or 3xx (recorded, or a duplicate of what was recorded)", () => {
    expect(classifyReplay(200, "/facilities/LBL")).toBe("sent");
    expect(classifyReplay(204)).toBe("sent");
    expect(classifyReplay(302)).toBe("sent");
  });

  it("moves a refusal to needs attention", () => {
    for (const status of [400, 403, 404, 409, 413, 422]) expect(classifyReplay(status, "/facilities/LBL/departures/new")).toBe("refused");
  });

  it("keeps the entry for later when there is no answer about it", () => {
    expect(classifyReplay(null)).toBe("retry");
    for (const status of [408, 429, 500, 502, 503, 504]) expect(classifyReplay(status)).toBe("retry");
  });

  it("does not take the sign-in page after a redirect for a recorded entry", () => {
    expect(classifyReplay(200, "/login")).toBe("signedOut");
    expect(classifyReplay(401)).toBe("signedOut");
  });
});

describe("the order entries go out in", () => {
  it("sends pending entries oldest first and leaves attention entries to the user", () => {
    const order = sendOrder([entry(3), entry(1), entry(2, "attention"), entry(5)]);
    expect(order.map((e) => e.seq)).toEqual([1, 3, 5]);
  });

  it("goes on past a refusal but stops at a retry or an ended session", () => {
    expect(continueAfter("sent")).toBe(true);
    expect(continueAfter("refused")).toBe(true);
    expect(continueAfter("retry")).toBe(false);
    expect(continueAfter("signedOut")).toBe(false);
  });

  it("counts pending and attention entries apart", () => {
    expect(countEntries([entry(1), entry(2, "attention"), entry(3)])).toEqual({ pending: 2, attention: 1 });
    expect(countEntries([])).toEqual({ pending: 0, attention: 0 });
  });
});

describe("which failed submissions are kept", () => {
  const reachable = async () => true;
  const unreachable = async () => false;

  it("keeps a submission that got no answer (offline)", async () => {
    expect(await shouldQueue(new TypeError("Failed to fetch"), reachable)).toBe(true);
  });

  it("keeps a submission answered 503 by the app or by something in front of it", async () => {
    expect(await shouldQueue(new Response("busy", { status: 503 }), reachable)).toBe(true);
    expect(await shouldQueue({ status: 503, statusText: "Service Unavailable", data: null }, reachable)).toBe(true);
    expect(await shouldQueue(new Error("Unable to decode turbo-stream response from URL: x"), reachable)).toBe(true);
  });

  it("keeps a server error only when the server says it cannot reach its database", async () => {
    expect(await shouldQueue(new Error("Unexpected Server Error"), unreachable)).toBe(true);
    expect(await shouldQueue(new Error("Unexpected Server Error"), reachable)).toBe(false);
  });

  it("never keeps a redirect or a refusal: those are the server's answer", async () => {
    expect(await shouldQueue(new Response(null, { status: 302 }), unreachable)).toBe(false);
    expect(await shouldQueue({ status: 403, statusText: "Forbidden", data: null }, unreachable)).toBe(false);
    expect(await shouldQueue({ status: 404, statusText: "Not Found", data: null }, unreachable)).toBe(false);
  });
});

describe("what is kept", () => {
  it("keeps the text fields in order, the idempotency key among them", () => {
    const form = new FormData();
    form.append("idempotencyKey", "k-1");
    form.append("adultMen", "3");
    form.append("nationalities[0].country", "VE");
    expect(fieldsOf(form.entries())).toEqual([
      ["idempotencyKey", "k-1"],
      ["adultMen", "3"],
      ["nationalities[0].country", "VE"],
    ]);
  });

  it("sums the groups of a movement for the list", () => {
    expect(peopleIn({ fields: [["adultMen", "3"], ["girls1to4", "2"], ["biometricsRegistered", "5"], ["adultWomen", ""]] }, ["adultMen", "adultWomen", "girls1to4"])).toBe(5);
  });
});

describe("answering the server's question", () => {
  it("ticks the box and puts the entry back in line, under the same key", () => {
    const asked: OutboxEntry = { ...entry(4, "attention"), reason: ["identical group"], questions: [{ field: "confirmRepeat", label: "Sí, es otro grupo" }] };
    const next = answered(asked, "confirmRepeat");
    expect(next.status).toBe("pending");
    expect(next.fields).toEqual([
      ["idempotencyKey", "key-4"],
      ["confirmRepeat", "yes"],
    ]);
    expect(next.reason).toBeUndefined();
    expect(next.questions).toBeUndefined();
    expect(next.seq).toBe(4);
  });

  it("waits for every question asked before sending again", () => {
    const asked: OutboxEntry = {
      ...entry(4, "attention"),
      questions: [
        { field: "confirmRepeat", label: "otro grupo" },
        { field: "confirmSize", label: "tamaño" },
      ],
    };
    const once = answered(asked, "confirmSize");
    expect(once.status).toBe("attention");
    expect(once.questions).toEqual([{ field: "confirmRepeat", label: "otro grupo" }]);
    const twice = answered(once, "confirmRepeat");
    expect(twice.status).toBe("pending");
    expect(twice.fields.filter(([name]) => name.startsWith("confirm"))).toEqual([
      ["confirmSize", "yes"],
      ["confirmRepeat", "yes"],
    ]);
  });
});
