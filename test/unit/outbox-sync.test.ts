import "fake-indexeddb/auto";
import { afterEach, beforeEach, vi } from "vitest";
import { clearForLogout, outboxAction, outboxEntries, setOutboxUser, syncOutbox } from "~/lib/outbox/client";
import type { ClientActionFunctionArgs } from "@remix-run/react";

// The sync loop against an IndexedDB in memory and a scripted server: the order entries go out
// in, what each answer does to them, and that nothing is ever dropped without an answer.

type Answer = { status: number; url?: string; body?: string } | "offline";

let answers: Answer[] = [];
const sent: { path: string; key: string | null }[] = [];

beforeEach(() => {
  answers = [];
  sent.length = 0;
  vi.stubGlobal("fetch", async (path: string, init: RequestInit) => {
    if (path === "/readyz") return new Response("{}", { status: 200 });
    const body = new URLSearchParams(init.body as URLSearchParams);
    const answer = answers.shift() ?? "offline";
    if (answer === "offline") throw new TypeError("Failed to fetch");
    sent.push({ path, key: body.get("idempotencyKey") });
    const response = new Response(answer.body ?? "", { status: answer.status });
    Object.defineProperty(response, "url", { value: `http://station.test${answer.url ?? path}` });
    return response;
  });
  // The refusal's page is read with DOMParser; here a page whose one field error says why.
  vi.stubGlobal("CSS", { escape: (s: string) => s });
  vi.stubGlobal(
    "DOMParser",
    class {
      parseFromString(html: string) {
        const error = { id: "departures-new-adultMen-error", textContent: html };
        const main = { querySelectorAll: () => [error], querySelector: (selector: string) => (selector.startsWith("label") ? { textContent: "Hombres adultos" } : null) };
        return { querySelector: () => main, body: main };
      }
    },
  );
  setOutboxUser(7);
});

afterEach(async () => {
  await clearForLogout().catch(() => {});
  vi.unstubAllGlobals();
});

/** Queues a submission the way a form does when the link is down. */
async function queue(path: string, key: string) {
  const form = new URLSearchParams({ idempotencyKey: key, adultMen: "2" });
  const request = new Request(`http://station.test${path}`, { method: "POST", body: form });
  const result = await outboxAction({ request } as unknown as ClientActionFunctionArgs, async () => {
    throw new TypeError("Failed to fetch");
  });
  expect(result).toMatchObject({ outbox: "queued" });
}

test("a submission that gets no answer is kept with its fields and key", async () => {
  await queue("/facilities/LBL/arrivals/new", "key-a");
  const [entry] = await outboxEntries();
  expect(entry).toMatchObject({ kind: "arrival", facility: "LBL", status: "pending", attempts: 0 });
  expect(entry!.fields).toEqual([
    ["idempotencyKey", "key-a"],
    ["adultMen", "2"],
  ]);
});

test("a refusal or a redirect is the server's answer: nothing is kept", async () => {
  const request = new Request("http://station.test/facilities/LBL/arrivals/new", { method: "POST", body: new URLSearchParams({ a: "1" }) });
  const redirect = new Response(null, { status: 302 });
  await expect(outboxAction({ request } as unknown as ClientActionFunctionArgs, async () => Promise.reject(redirect))).rejects.toBe(redirect);
  expect(await outboxEntries()).toEqual([]);
});

test("entries go out in order with their own keys, and leave the device once recorded", async () => {
  await queue("/facilities/LBL/arrivals/new", "key-1");
  await queue("/facilities/LBL/departures/new", "key-2");
  await queue("/facilities/SVC/stock/receipts/new", "key-3");
  answers = [
    { status: 200, url: "/facilities/LBL" },
    { status: 200, url: "/facilities/LBL" },
    { status: 200, url: "/facilities/SVC/stock" },
  ];
  await syncOutbox();
  expect(sent).toEqual([
    { path: "/facilities/LBL/arrivals/new", key: "key-1" },
    { path: "/facilities/LBL/departures/new", key: "key-2" },
    { path: "/facilities/SVC/stock/receipts/new", key: "key-3" },
  ]);
  expect(await outboxEntries()).toEqual([]);
});

test("a refusal moves the entry to needs attention with the reason, and the next one still goes", async () => {
  await queue("/facilities/LBL/departures/new", "key-1");
  await queue("/facilities/LBL/arrivals/new", "key-2");
  answers = [{ status: 409, body: "Solo hay 3 presentes en este grupo." }, { status: 200, url: "/facilities/LBL" }];
  await syncOutbox();
  const entries = await outboxEntries();
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({ status: "attention", attempts: 1, reason: ["Hombres adultos: Solo hay 3 presentes en este grupo."] });
  // Attention entries are not sent again by themselves.
  answers = [{ status: 200 }];
  await syncOutbox();
  expect(sent).toHaveLength(2);
  expect(await outboxEntries()).toHaveLength(1);
});

test("an outage stops the run: later entries wait rather than overtake", async () => {
  await queue("/facilities/LBL/arrivals/new", "key-1");
  await queue("/facilities/LBL/departures/new", "key-2");
  answers = [{ status: 503 }];
  await syncOutbox();
  expect(sent.map((s) => s.key)).toEqual(["key-1"]);
  const entries = await outboxEntries();
  expect(entries.map((e) => [e.status, e.attempts])).toEqual([
    ["pending", 1],
    ["pending", 0],
  ]);
  // The link drops entirely: still kept.
  answers = ["offline"];
  await syncOutbox();
  expect((await outboxEntries()).map((e) => e.status)).toEqual(["pending", "pending"]);
});

test("a session that ended is not taken for a recorded entry", async () => {
  await queue("/facilities/LBL/arrivals/new", "key-1");
  answers = [{ status: 200, url: "/login" }];
  await syncOutbox();
  expect(await outboxEntries()).toHaveLength(1);
});

/** Saves a form opened from the outbox for entry `seq`, as the form does with its hidden field. */
async function saveEdit(path: string, seq: number, fields: Record<string, string>) {
  const form = new URLSearchParams({ outboxEdit: String(seq), idempotencyKey: "a-fresh-key", ...fields });
  const request = new Request(`http://station.test${path}`, { method: "POST", body: form });
  return outboxAction({ request } as unknown as ClientActionFunctionArgs, async () => {
    throw new Error("an edit is not sent directly: the outbox sends it in its turn");
  });
}

test("an entry edited in its form keeps its key and its place, and is sent as edited", async () => {
  await queue("/facilities/LBL/departures/new", "key-1");
  await queue("/facilities/LBL/arrivals/new", "key-2");
  answers = [{ status: 409, body: "Solo hay 3 presentes en este grupo." }, "offline"];
  await syncOutbox();
  const [refused] = await outboxEntries();
  expect(refused).toMatchObject({ status: "attention" });

  answers = ["offline"];
  expect(await saveEdit("/facilities/LBL/departures/new", refused!.seq, { adultMen: "3" })).toMatchObject({ outbox: "queued", seq: refused!.seq, edited: true });
  const [first, second] = await outboxEntries();
  expect(first).toMatchObject({ seq: refused!.seq, status: "pending" });
  expect(first!.reason).toBeUndefined();
  expect(first!.fields).toEqual([
    ["idempotencyKey", "key-1"],
    ["adultMen", "3"],
  ]);
  expect(second).toMatchObject({ status: "pending" });

  sent.length = 0;
  answers = [
    { status: 200, url: "/facilities/LBL" },
    { status: 200, url: "/facilities/LBL" },
  ];
  await syncOutbox();
  expect(sent.map((s) => s.key)).toEqual(["key-1", "key-2"]);
  expect(await outboxEntries()).toEqual([]);
});

test("saving an edit of an entry that left the device meanwhile says so and keeps nothing", async () => {
  await queue("/facilities/LBL/arrivals/new", "key-1");
  const [entry] = await outboxEntries();
  answers = [{ status: 200, url: "/facilities/LBL" }];
  await syncOutbox();
  expect(await saveEdit("/facilities/LBL/arrivals/new", entry!.seq, { adultMen: "5" })).toMatchObject({ outbox: "gone" });
  expect(await outboxEntries()).toEqual([]);
});

test("a page's other forms are not kept: only its field forms, by their intent", async () => {
  const referral = new Request("http://station.test/facilities/LBL/care/LBL-0042?index", {
    method: "POST",
    body: new URLSearchParams({ intent: "referral", idempotencyKey: "key-r" }),
  });
  const offline = new TypeError("Failed to fetch");
  await expect(outboxAction({ request: referral } as unknown as ClientActionFunctionArgs, async () => Promise.reject(offline))).rejects.toBe(offline);
  const child = new Request("http://station.test/facilities/LBL/care/LBL-0042?index", {
    method: "POST",
    body: new URLSearchParams({ intent: "child", idempotencyKey: "key-c", weightKg: "9.5" }),
  });
  expect(await outboxAction({ request: child } as unknown as ClientActionFunctionArgs, async () => Promise.reject(offline))).toMatchObject({ kind: "childEncounter" });
  const [entry] = await outboxEntries();
  expect(entry).toMatchObject({ kind: "childEncounter", path: "/facilities/LBL/care/LBL-0042?index" });
  answers = [{ status: 200, url: "/facilities/LBL/care/LBL-0042" }];
  await syncOutbox();
  expect(sent).toEqual([{ path: "/facilities/LBL/care/LBL-0042?index", key: "key-c" }]);
});

test("each user has an outbox of their own, and logout deletes it", async () => {
  await queue("/facilities/LBL/arrivals/new", "key-1");
  setOutboxUser(8);
  expect(await outboxEntries()).toEqual([]);
  setOutboxUser(7);
  expect(await outboxEntries()).toHaveLength(1);
  await clearForLogout();
  setOutboxUser(7);
  expect(await outboxEntries()).toEqual([]);
});
