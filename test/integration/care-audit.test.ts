import { and, count, eq } from "drizzle-orm";
import { auditLog } from "#db/schema";
import { cellOf, isApiRoute, matrix, relationsOf, subjectsOf, type Subject } from "../support/access-matrix";
import { callRoute, type Caller } from "../support/call-route";
import { setupTestDatabase } from "../support/db";
import { urlFor } from "../support/route-requests";
import { buildWorld, MEMBER, OTHER, type FacilityCode, type World } from "../support/world";

/**
 * Every read of care records is audited (issue 14, finding 2). Two walks over the access matrix:
 * every loader row marked "audited read" writes exactly one audit entry per view, by the viewer,
 * for the facility; and no loader that is not so marked returns a care field (a name, document
 * number or birth date of a person in the world) to anyone allowed to call it.
 */

const testDb = setupTestDatabase();
let world: World;

beforeAll(async () => {
  world = await buildWorld(testDb.db);
});

function callerFor(subject: Subject): Caller {
  return subject === "token" ? { bearer: world.token.secret } : { userId: world.users[subject].id };
}

async function auditRowsBy(userId: number) {
  const [row] = await testDb.db.select({ n: count() }).from(auditLog).where(eq(auditLog.userId, userId));
  return row?.n ?? 0;
}

/** The world's registered person at a facility, as fields that identify them. */
function careFields(code: FacilityCode) {
  return [`Persona ${code}`, `DOC-${code}`, "2022-03-01"];
}

const auditedLoaders = matrix.filter((r) => r.handler === "loader" && r.auditedRead);

describe("audited reads: one audit entry per view", () => {
  it("marks at least the care list, the case, its summary and the follow-up list and its CSV", () => {
    expect(auditedLoaders.map((r) => r.route)).toEqual(
      expect.arrayContaining([
        "facilities.$code.care._index",
        "facilities.$code.care.$caseCode._index",
        "facilities.$code.care.$caseCode.summary",
        "facilities.$code.care.followup",
        "facilities.$code.care.followup[.csv]",
      ]),
    );
  });

  // The health worker of the facility, and an administrator at a facility they are not a member of.
  const cases = auditedLoaders.flatMap((row) =>
    (
      [
        ["health_worker", "member"],
        ["admin", "other"],
      ] as const
    )
      .filter(([subject, relation]) => cellOf(row, subject, relation) === "allow")
      .map(([subject, relation]) => ({ row, subject, relation })),
  );

  it.each(cases.map((c) => [`${c.row.route} as ${c.subject} (${c.relation})`, c] as const))("%s", async (_name, c) => {
    const code = c.relation === "other" ? OTHER : MEMBER;
    const viewer = world.users[c.subject];
    const { params, path } = urlFor(c.row.route, world, code);
    for (let view = 1; view <= 2; view += 1) {
      const before = await auditRowsBy(viewer.id);
      const outcome = await callRoute(c.row.route, "loader", { userId: viewer.id }, path, params);
      expect(outcome.status, outcome.body.slice(0, 200)).toBe(200);
      expect(await auditRowsBy(viewer.id)).toBe(before + 1);
      const [entry] = await testDb.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.userId, viewer.id))
        .orderBy(auditLog.id)
        .limit(1)
        .offset(before);
      expect(entry?.facilityId).toBe(world.facilities[code].id);
      expect(["view", "search"]).toContain(entry?.action);
    }
  });

  it("audits the open-cases list and a search of it apart (finding 2)", async () => {
    const viewer = world.users.health_worker;
    const { params, path } = urlFor("facilities.$code.care._index", world, MEMBER);
    const list = await callRoute("facilities.$code.care._index", "loader", { userId: viewer.id }, path, params);
    expect(list.body).toContain(`Persona ${MEMBER}`);
    const caseCode = world.facilities[MEMBER].caseCode;
    const search = await callRoute("facilities.$code.care._index", "loader", { userId: viewer.id }, `${path}?q=${caseCode}`, params);
    expect(search.body).toContain(`Persona ${MEMBER}`);
    const entries = await testDb.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.userId, viewer.id), eq(auditLog.entity, "care_case")))
      .orderBy(auditLog.id);
    expect(entries.slice(-2).map((e) => [e.action, e.changes])).toEqual([
      ["view", { list: "open", results: 1 }],
      ["search", { query: caseCode, results: 1 }],
    ]);
  });
});

describe("no care field leaves a loader that is not an audited read", () => {
  const calls = matrix
    .filter((r) => r.handler === "loader" && !r.auditedRead)
    .flatMap((row) =>
      relationsOf(row).flatMap((relation) =>
        subjectsOf(row)
          .filter((subject) => cellOf(row, subject, relation) === "allow")
          .map((subject) => ({ row, relation, subject })),
      ),
    );

  it.each(calls.map((c) => [`${c.row.route} as ${c.subject} (${c.relation})`, c] as const))("%s", async (_name, c) => {
    const code = c.relation === "other" ? OTHER : MEMBER;
    const { params, path } = urlFor(c.row.route, world, code);
    const outcome = await callRoute(c.row.route, "loader", callerFor(c.subject), path, params);
    const shown = careFields(code).filter((field) => outcome.body.includes(field));
    expect(shown, `${c.row.route} returns care fields but is not marked "audited read"${isApiRoute(c.row.route) ? " (API)" : ""}`).toEqual([]);
  });
});
