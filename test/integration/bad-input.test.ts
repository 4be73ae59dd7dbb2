import fc from "fast-check";
import { cellOf, isApiRoute, matrix, subjectLetter, subjects, type MatrixRow, type Subject } from "../support/access-matrix";
import { callRoute, type Caller, type Outcome } from "../support/call-route";
import { setupTestDatabase } from "../support/db";
import { apiBodyFor, submissionsFor, urlFor } from "../support/route-requests";
import { buildWorld, MEMBER, snapshot, type World } from "../support/world";

/**
 * Bad input (issue 8 item 3): every action, every intent, and every API write endpoint, sent by
 * a user allowed to send it (with a same-site Origin), with one field spoiled at a time:
 * malformed, oversized, negative, non-numeric, NaN/Infinity, unicode (RTL, emoji, NUL, lone
 * surrogates), script and SQL injection. Never a 5xx or a crash. A refusal is a 4xx that says
 * what is wrong, and writes nothing. A structured field (number, date, choice, code, id, key)
 * never accepts a value from the classes that are never valid for it. Free-text fields may
 * accept any text within their limit: it is stored as typed and escaped where it is shown
 * (e2e/security.spec.ts checks the escaping).
 */

const testDb = setupTestDatabase();
let world: World;

beforeAll(async () => {
  world = await buildWorld(testDb.db);
});

const RUNS = 15;

/**
 * The last fingerprint of the database (test/support/world.ts), kept while nothing is written:
 * most calls are refusals, so "before" is the "after" of the call before.
 */
let known: Record<string, string> | undefined;
async function fingerprint() {
  known ??= await snapshot(testDb.db);
  return known;
}

/** Values that no structured field may accept. */
const neverValid: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1",
    "1; DROP TABLE users; --",
    "1' UNION SELECT password_hash FROM users --",
    "\u202Eגדול\u202C",
    "🙂🙂",
    "a\u0000b",
    "\uD800",
    "\uDFFF1",
    "１２",
  ),
  fc.constant("9".repeat(100_000)),
  fc.constant("<".repeat(100_000)),
);

/** Values that may be valid for some fields (a negative adjustment, an empty optional field). */
const sometimesValid: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("", " ", "NaN", "Infinity", "-Infinity", "1e309", "abc", "0x1F", "-1", "-0", "0", "1.5", "-999999999999", "99999999999999999999", "2026-02-30", "2026-13-01T10:00", "9999-12-31"),
  fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }).map(String),
  fc.double().map(String),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
);

const badValue = fc.oneof(
  neverValid.map((value) => ({ value, never: true })),
  sometimesValid.map((value) => ({ value, never: false })),
);

function allowedSubject(row: MatrixRow): Subject | undefined {
  return subjects.find((s) => cellOf(row, s, "member") === "allow" || cellOf(row, s, "n/a") === "allow");
}

function callerFor(subject: Subject): Caller {
  return subject === "token" ? { bearer: world.token.secret } : { userId: world.users[subject].id };
}

/** A refusal names the problem: field errors, form errors or a message. */
function saysWhy(outcome: Outcome): boolean {
  return /"(error|formErrors|fields|message|reason)"/.test(outcome.body) || /\berror\b/.test(outcome.body);
}

function explain(route: string, what: string, o: Outcome) {
  return `${route} ${what}: ${o.status} ${o.location ?? ""} ${o.crash ? `CRASH ${String(o.crash)}` : o.body.slice(0, 300)}`;
}

async function check(route: string, what: string, outcome: Outcome, before: Record<string, string>, mustRefuse: boolean) {
  expect(outcome.crash, explain(route, what, outcome)).toBeUndefined();
  expect(outcome.status, explain(route, what, outcome)).toBeLessThan(500);
  const refused = outcome.status >= 400;
  if (mustRefuse) expect(refused, explain(route, what, outcome)).toBe(true);
  if (refused) {
    expect(saysWhy(outcome), explain(route, what, outcome)).toBe(true);
    known = await snapshot(testDb.db);
    expect(known, explain(route, what, outcome)).toEqual(before);
  } else {
    known = undefined;
  }
}

const formActions = matrix.filter((r) => r.handler === "action" && !isApiRoute(r.route) && r.route !== "logout");
const apiWrites = matrix.filter((r) => r.handler === "action" && isApiRoute(r.route) && r.allowed.member?.includes(subjectLetter.token));

describe("form actions", () => {
  for (const row of formActions) {
    const subject = allowedSubject(row);
    if (!subject) throw new Error(`${row.route}: nobody may send it`);
    it(`${row.route} (as ${subject})`, async () => {
      const intents = submissionsFor(row.route, world, MEMBER).map((s) => s.intent);
      expect(intents.length, `${row.route} has no submission in test/support/route-requests.ts`).toBeGreaterThan(0);
      for (const intent of intents) {
        const fields = Object.keys(submissionsFor(row.route, world, MEMBER).find((s) => s.intent === intent)!.fields).filter((f) => f !== "intent");
        if (fields.length === 0) continue;
        await fc.assert(
          fc.asyncProperty(fc.constantFrom(...fields), badValue, async (field, bad) => {
            const submission = submissionsFor(row.route, world, MEMBER).find((s) => s.intent === intent)!;
            const { params, path } = urlFor(row.route, world, MEMBER);
            const before = await fingerprint();
            const outcome = await callRoute(row.route, "action", callerFor(subject), path, params, {
              form: { ...submission.fields, [field]: bad.value },
            });
            // The language switch answers anything but a known language with a redirect home, writing nothing.
            const structured = !submission.text.includes(field) && row.route !== "language";
            await check(row.route, `${intent}.${field}=${JSON.stringify(bad.value.slice(0, 40))}`, outcome, before, structured && bad.never);
            if (row.route === "language" && field === "language" && bad.never) {
              known = await snapshot(testDb.db);
              expect(known).toEqual(before);
            }
          }),
          { numRuns: RUNS },
        );
      }
    });
  }
});

/**
 * Every field of every form, once each with the values most likely to get past a schema and
 * reach the database: a NUL character (PostgreSQL text cannot hold one) and 100 kB.
 */
describe("every form field with NUL and 100 kB", () => {
  for (const row of formActions) {
    const subject = allowedSubject(row)!;
    it(`${row.route}`, async () => {
      for (const submission of submissionsFor(row.route, world, MEMBER)) {
        for (const field of Object.keys(submission.fields).filter((f) => f !== "intent")) {
          for (const value of ["a\u0000b", "y".repeat(100_000)]) {
            const fresh = submissionsFor(row.route, world, MEMBER).find((s) => s.intent === submission.intent)!;
            const { params, path } = urlFor(row.route, world, MEMBER);
            const before = await fingerprint();
            const outcome = await callRoute(row.route, "action", callerFor(subject), path, params, { form: { ...fresh.fields, [field]: value } });
            // redirectTo is a navigation hint (unsafe values fall back to "/"), never stored.
            const ignored = row.route === "language" || field === "redirectTo";
            const structured = !fresh.text.includes(field) && !ignored;
            await check(row.route, `${submission.intent}.${field}=${JSON.stringify(value.slice(0, 10))}`, outcome, before, structured || (!ignored && value.includes("\u0000")));
          }
        }
      }
    });
  }
});

/** JSON values of every type, for the API's fields. */
const badJson: fc.Arbitrary<{ value: unknown; never: boolean }> = fc.oneof(
  neverValid.map((value) => ({ value, never: true })),
  fc.constantFrom<unknown>(null, true, [], {}, [1, 2], { $gt: "" }, -1, 1.5, 1e308, -0).map((value) => ({ value, never: false })),
  sometimesValid.map((value) => ({ value, never: false })),
);

describe("API write endpoints", () => {
  for (const row of apiWrites) {
    it(row.route, async () => {
      const { params, path } = urlFor(row.route, world, MEMBER);
      const base = apiBodyFor(row.route, world, MEMBER);
      expect(base, `${row.route} has no body in test/support/route-requests.ts`).toBeDefined();
      // A batch's fields are its record's: each is spoiled inside the one record sent.
      const batch = row.route.endsWith(".batch");
      const record = batch ? (base!.body.records as Record<string, unknown>[])[0]! : base!.body;
      const body = (spoilt: Record<string, unknown>) => (batch ? { records: [spoilt] } : spoilt);
      const recordText = batch ? apiBodyFor(row.route.replace(/\.batch$/, ""), world, MEMBER)!.text : base!.text;
      const fields = Object.keys(record);
      let n = 0;
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...fields), badJson, async (field, bad) => {
          const before = await fingerprint();
          const outcome = await callRoute(row.route, "action", { bearer: world.token.secret }, path, params, {
            json: body({ ...record, [field]: bad.value }),
            headers: { "Idempotency-Key": `bad-input-${row.route.length}-${n++}-${Date.now()}` },
          });
          const structured = !recordText.includes(field);
          await check(row.route, `${field}=${JSON.stringify(bad.value)?.slice(0, 40)}`, outcome, before, structured && bad.never);
        }),
        { numRuns: RUNS },
      );
      // Whole bodies that are not a JSON object, or too large, and a malformed key.
      const wholes: [string, unknown, Record<string, string>][] = [
        ["not JSON", "{not json", {}],
        ["an array", "[1,2,3]", {}],
        ["a string", '"hello"', {}],
        // A batch may be 1 MiB (500 records); a single request 64 KiB.
        ["over the body limit", JSON.stringify(body({ ...record, notes: "x".repeat(batch ? 1_100_000 : 100_000) })), {}],
        ...((batch
          ? [
              ["a bad key", JSON.stringify(body({ ...record, idempotencyKey: "<script>" })), {}],
              ["no key", JSON.stringify(body({ ...record, idempotencyKey: "" })), {}],
              ["records not a list", JSON.stringify({ records: record }), {}],
            ]
          : [
              ["a bad key", JSON.stringify(base!.body), { "Idempotency-Key": "<script>" }],
              ["no key", JSON.stringify(base!.body), { "Idempotency-Key": "" }],
            ]) as [string, unknown, Record<string, string>][]),
      ];
      for (const field of fields) {
        wholes.push([`${field} with a NUL`, JSON.stringify(body({ ...record, [field]: "a\u0000b" })), {}]);
      }
      for (const [what, json, headers] of wholes) {
        const before = await fingerprint();
        const outcome = await callRoute(row.route, "action", { bearer: world.token.secret }, path, params, {
          json,
          headers: { "Idempotency-Key": `bad-whole-${n++}-${Date.now()}`, ...headers },
        });
        await check(row.route, what, outcome, before, true);
      }
    });
  }
});

/**
 * Issue 14: every loader (pages and CSV exports) with hostile query parameters, every route with
 * ids no row can have, and every form action with content types a browser form never sends:
 * never a 5xx. A CSV export that cannot be produced must say so by its status, so a loader
 * that answers 200 must have produced its whole body (readSome reads until the stream ends).
 */
const loaders = matrix.filter((r) => r.handler === "loader" && r.route !== "$" && r.route !== "logout");
const queryNames = ["from", "to", "user", "before", "lot", "kind", "days", "scenario", "lang", "item", "facility", "entity", "page", "q", "status", "hxl"];
const queryValue = fc.oneof(
  neverValid,
  sometimesValid,
  fc.constantFrom("0000-01-01", "9999-12-31", "99999999999", "99999999999999999999", "-1", "1e400", "2026-02-29", "../../etc/passwd"),
);

describe("every loader with hostile query parameters", () => {
  for (const row of loaders) {
    const subject = allowedSubject(row);
    if (!subject) continue;
    it(row.route, async () => {
      await fc.assert(
        fc.asyncProperty(fc.dictionary(fc.constantFrom(...queryNames), queryValue, { minKeys: 1, maxKeys: 4 }), async (query) => {
          const { params, path } = urlFor(row.route, world, MEMBER);
          const search = new URLSearchParams(query).toString();
          const outcome = await callRoute(row.route, "loader", callerFor(subject), `${path}?${search}`, params);
          // A read of care data writes its audit entry: the fingerprint kept so far is stale.
          known = undefined;
          expect(outcome.crash, explain(row.route, `?${search.slice(0, 120)}`, outcome)).toBeUndefined();
          expect(outcome.status, explain(row.route, `?${search.slice(0, 120)}`, outcome)).toBeLessThan(500);
        }),
        { numRuns: 8 },
      );
    });
  }
});

describe("every route with ids no row can have", () => {
  const idParams = ["id", "lotId", "sheetId"];
  const rows = matrix.filter((r) => idParams.some((p) => r.route.includes(`$${p}`)));
  for (const row of rows) {
    const subject = allowedSubject(row);
    if (!subject) continue;
    it(`${row.route} ${row.handler}`, async () => {
      for (const huge of ["99999999999", "99999999999999999999", "2147483648", "0", "-1", "1e3", "0x10"]) {
        const { params } = urlFor(row.route, world, MEMBER);
        for (const name of idParams) if (name in params) params[name] = huge;
        const before = await fingerprint();
        const submission = row.handler === "action" ? submissionsFor(row.route, world, MEMBER)[0] : undefined;
        const outcome = await callRoute(row.route, row.handler, callerFor(subject), "/x", params, submission ? { form: submission.fields } : {});
        expect(outcome.crash, explain(row.route, `id=${huge}`, outcome)).toBeUndefined();
        expect(outcome.status, explain(row.route, `id=${huge}`, outcome)).toBe(404);
        if (row.handler === "action") {
          known = await snapshot(testDb.db);
          expect(known).toEqual(before);
        } else {
          known = undefined;
        }
      }
    });
  }
});

describe("every form action with a content type forms never send", () => {
  // Actions that read no form at all (closing expired vials) have no body to refuse.
  const reading = formActions.filter((row) => row.route !== "facilities.$code.care.vials");
  for (const row of reading) {
    const subject = allowedSubject(row)!;
    it(row.route, async () => {
      for (const type of ["text/plain", "application/json", "application/xml", ""]) {
        const { params, path } = urlFor(row.route, world, MEMBER);
        const before = await fingerprint();
        const outcome = await callRoute(row.route, "action", callerFor(subject), path, params, {
          method: "POST",
          json: "adultMen=3&intent=open",
          headers: { "Content-Type": type },
        });
        expect(outcome.crash, explain(row.route, `Content-Type ${type}`, outcome)).toBeUndefined();
        expect(outcome.status, explain(row.route, `Content-Type ${type}`, outcome)).toBeGreaterThanOrEqual(400);
        expect(outcome.status, explain(row.route, `Content-Type ${type}`, outcome)).toBeLessThan(500);
        known = await snapshot(testDb.db);
        expect(known).toEqual(before);
      }
    });
  }
});
