import { readdirSync } from "node:fs";
import {
  cellOf,
  isApiRoute,
  matrix,
  relationsOf,
  subjectsOf,
  type MatrixRow,
  type Relation,
  type Subject,
} from "../support/access-matrix";
import { callRoute, isLoginRedirect, routesDir, type Caller, type Outcome } from "../support/call-route";
import { setupTestDatabase } from "../support/db";
import { apiBodyFor, submissionsFor, urlFor } from "../support/route-requests";
import { buildWorld, MEMBER, OTHER, snapshot, type World } from "../support/world";

/**
 * Asserts every cell of the access matrix (test/support/access-matrix.ts, the table in
 * docs/security.md) by calling each route's loader or action as each role, at a facility the
 * user belongs to and at one they do not. Allow: not refused (no 401/403/404/405, no redirect
 * to the login page). Deny: 403 or 404 (401 or 405 from the API), and an action writes nothing
 * although the submission it was sent would have been accepted from someone allowed.
 */

const testDb = setupTestDatabase();
let world: World;

beforeAll(async () => {
  world = await buildWorld(testDb.db);
});

function callerFor(subject: Subject): Caller {
  return subject === "token" ? { bearer: world.token.secret } : { userId: world.users[subject].id };
}

async function call(row: MatrixRow, subject: Subject, relation: Relation): Promise<Outcome[]> {
  const code = relation === "other" ? OTHER : MEMBER;
  const { params, path } = urlFor(row.route, world, code);
  const caller = callerFor(subject);
  if (row.handler === "loader") return [await callRoute(row.route, "loader", caller, path, params)];
  if (isApiRoute(row.route)) {
    const body = apiBodyFor(row.route, world, code);
    const headers = { "Idempotency-Key": `matrix-${subject}-${relation}-${row.route}-${Math.random().toString(36).slice(2)}` };
    return [await callRoute(row.route, "action", caller, path, params, { json: body?.body ?? {}, headers })];
  }
  const outcomes: Outcome[] = [];
  const submissions = submissionsFor(row.route, world, code);
  for (const submission of submissions.length ? submissions : [{ intent: "default", fields: {}, text: [] }]) {
    outcomes.push(await callRoute(row.route, "action", caller, path, params, { form: submission.fields }));
  }
  return outcomes;
}

function refused(row: MatrixRow, outcome: Outcome): boolean {
  const statuses = isApiRoute(row.route) ? [401, 403, 404, 405] : [403, 404];
  return statuses.includes(outcome.status);
}

function describeOutcome(o: Outcome) {
  return `${o.status}${o.location ? ` -> ${o.location}` : ""}${o.crash ? ` (crash: ${String(o.crash)})` : ""}`;
}

const cells = matrix.flatMap((row) =>
  subjectsOf(row).flatMap((subject) => relationsOf(row).map((relation) => ({ row, subject, relation, cell: cellOf(row, subject, relation) }))),
);
const label = (c: (typeof cells)[number]) => `${c.row.route} ${c.row.handler} as ${c.subject} (${c.relation})`;

describe("the matrix covers every route", () => {
  it("has a loader row for every route module with a loader, and an action row for every action", async () => {
    const files = readdirSync(routesDir).filter((f) => /\.(ts|tsx)$/.test(f));
    const expected: string[] = [];
    for (const file of files) {
      const mod = (await import(`${routesDir}/${file}`)) as Record<string, unknown>;
      const route = file.replace(/\.(ts|tsx)$/, "");
      for (const handler of ["loader", "action"] as const) if (typeof mod[handler] === "function") expected.push(`${route} ${handler}`);
    }
    const rows = matrix.map((r) => `${r.route} ${r.handler}`);
    expect(new Set(rows).size).toBe(rows.length);
    expect([...rows].sort()).toEqual(expected.sort());
  });
});

// Denials first: the allowed calls that follow change the world (a transfer received, a sheet saved).
describe("deny cells: refused, and nothing written", () => {
  it.each(cells.filter((c) => c.cell === "deny").map((c) => [label(c), c] as const))("%s", async (_name, c) => {
    const before = c.row.handler === "action" ? await snapshot(testDb.db) : undefined;
    for (const outcome of await call(c.row, c.subject, c.relation)) {
      expect(refused(c.row, outcome), describeOutcome(outcome)).toBe(true);
      // A refusal carries no data: the reason only.
      expect(outcome.body.length, outcome.body).toBeLessThan(400);
    }
    if (before) expect(await snapshot(testDb.db)).toEqual(before);
  });
});

describe("allow cells: not refused", () => {
  it.each(cells.filter((c) => c.cell === "allow").map((c) => [label(c), c] as const))("%s", async (_name, c) => {
    for (const outcome of await call(c.row, c.subject, c.relation)) {
      expect(outcome.crash, describeOutcome(outcome)).toBeUndefined();
      // Logging out ends on the login page by design; anywhere else that page means "not signed in".
      const sentToLogin = isLoginRedirect(outcome) && c.row.route !== "logout";
      expect(refused(c.row, outcome) || sentToLogin, describeOutcome(outcome)).toBe(false);
      expect(outcome.status).toBeLessThan(500);
    }
  });
});
