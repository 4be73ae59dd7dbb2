import { count, eq, sql } from "drizzle-orm";
import { appendAudit, listAudit } from "#db/audit.server";
import { auditLog } from "#db/schema";
import { setupTestDatabase } from "../support/db";
import { SQLSTATE, createUser, rejectionOf, sqlState } from "../support/fixtures";

const testDb = setupTestDatabase();

describe("audit log", () => {
  let entryId: number;

  beforeAll(async () => {
    const admin = await createUser(testDb.db, { role: "admin" });
    await appendAudit(
      testDb.db,
      { userId: admin.id, requestId: "req-1", ipAddress: "10.0.0.7" },
      { action: "update", entity: "facility", entityId: 42, changes: { beds: [500, 544] } },
    );
    const [entry] = await listAudit(testDb.db, { entity: "facility" }, { limit: 10 });
    if (!entry) throw new Error("appendAudit wrote nothing");
    entryId = entry.id;
  });

  it("records who did what, from where, and what changed", async () => {
    const [row] = await testDb.db.select().from(auditLog).where(eq(auditLog.id, entryId));
    expect(row).toMatchObject({
      action: "update",
      entity: "facility",
      entityId: "42",
      requestId: "req-1",
      ipAddress: "10.0.0.7",
      changes: { beds: [500, 544] },
    });
    expect(row?.userId).toEqual(expect.any(Number));
    expect(row?.at).toBeInstanceOf(Date);
  });

  it("refuses to rewrite an entry", async () => {
    const error = await rejectionOf(
      testDb.db.update(auditLog).set({ action: "nothing happened" }).where(eq(auditLog.id, entryId)),
    );
    expect(sqlState(error)).toBe(SQLSTATE.restrictViolation);
    const [row] = await testDb.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.id, entryId));
    expect(row?.action).toBe("update");
  });

  it("refuses to delete an entry", async () => {
    const error = await rejectionOf(testDb.db.delete(auditLog).where(eq(auditLog.id, entryId)));
    expect(sqlState(error)).toBe(SQLSTATE.restrictViolation);
    const [{ entries } = { entries: 0 }] = await testDb.db.select({ entries: count() }).from(auditLog);
    expect(entries).toBe(1);
  });

  it("refuses to truncate the table", async () => {
    const error = await rejectionOf(testDb.db.execute(sql`truncate table audit_log`));
    expect(sqlState(error)).toBe(SQLSTATE.restrictViolation);
    const [{ entries } = { entries: 0 }] = await testDb.db.select({ entries: count() }).from(auditLog);
    expect(entries).toBe(1);
  });

  it("keeps accepting new entries, newest first", async () => {
    await appendAudit(testDb.db, { userId: null, requestId: "req-2" }, { action: "login", entity: "session" });
    const entries = await listAudit(testDb.db, {}, { limit: 10 });
    expect(entries.map((e) => e.action)).toEqual(["login", "update"]);
    expect(entries[0]).toMatchObject({ entityId: null, changes: {}, userEmail: null });
  });
});
