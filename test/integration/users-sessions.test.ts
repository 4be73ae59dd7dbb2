import { eq } from "drizzle-orm";
import { sessions } from "#db/schema";
import {
  deleteExpiredSessions,
  findSessionUser,
  findUserForLogin,
  getUser,
  insertSession,
  insertUser,
  setMemberships,
  updateUser,
} from "#db/users.server";
import { setupTestDatabase } from "../support/db";
import { SQLSTATE, createFacility, rejectionOf, sqlState } from "../support/fixtures";

const testDb = setupTestDatabase();

const HOUR = 3_600_000;
let facilityIds: { lbl: number; svc: number; bch: number };

beforeAll(async () => {
  facilityIds = {
    lbl: await createFacility(testDb.db, { code: "LBL" }),
    svc: await createFacility(testDb.db, { code: "SVC" }),
    bch: await createFacility(testDb.db, { code: "BCH" }),
  };
});

async function newUser(email: string, role: "manager" | "admin" = "manager") {
  const id = await insertUser(testDb.db, {
    email,
    displayName: "Marta Gestora",
    passwordHash: "scrypt$not-a-real-hash",
    role,
    preferredLanguage: "es",
  });
  if (!id) throw new Error(`could not create ${email}`);
  return id;
}

async function openSession(userId: number, tokenHash: string, expiresAt: Date) {
  await insertSession(testDb.db, { tokenHash, userId, expiresAt, ipAddress: "127.0.0.1", userAgent: "vitest" });
}

describe("users", () => {
  it("are created with a lower-cased email, once per email whatever its case", async () => {
    const id = await newUser("Marta@Example.ORG");
    expect(await findUserForLogin(testDb.db, "marta@example.org")).toMatchObject({ id, active: true });
    expect(await findUserForLogin(testDb.db, "MARTA@EXAMPLE.ORG")).toMatchObject({ id });
    await expect(
      insertUser(testDb.db, {
        email: "marta@example.org",
        displayName: "Another Marta",
        passwordHash: "x",
        role: "planner",
        preferredLanguage: "en",
      }),
    ).resolves.toBeUndefined();
  });

  it("have their memberships replaced, reporting what was added and removed", async () => {
    const id = await newUser("memberships@example.org");
    await expect(setMemberships(testDb.db, id, [facilityIds.lbl, facilityIds.svc])).resolves.toEqual({
      added: [facilityIds.lbl, facilityIds.svc],
      removed: [],
    });
    await expect(setMemberships(testDb.db, id, [facilityIds.svc, facilityIds.bch])).resolves.toEqual({
      added: [facilityIds.bch],
      removed: [facilityIds.lbl],
    });
    expect((await getUser(testDb.db, id))?.facilityIds).toEqual([facilityIds.svc, facilityIds.bch].sort((a, b) => a - b));
    await setMemberships(testDb.db, id, []);
    expect((await getUser(testDb.db, id))?.facilityIds).toEqual([]);
  });

  it("cannot be members of a facility that does not exist", async () => {
    const id = await newUser("ghost-member@example.org");
    const error = await rejectionOf(setMemberships(testDb.db, id, [999_999]));
    expect(sqlState(error)).toBe(SQLSTATE.foreignKeyViolation);
  });
});

describe("sessions", () => {
  it("lead to their user, with role, language and facilities, while they are live", async () => {
    const id = await newUser("live@example.org");
    await setMemberships(testDb.db, id, [facilityIds.lbl, facilityIds.svc]);
    const now = new Date();
    await openSession(id, "live-token", new Date(now.getTime() + HOUR));
    const found = await findSessionUser(testDb.db, "live-token", now);
    expect(found?.user).toEqual({
      id,
      email: "live@example.org",
      displayName: "Marta Gestora",
      role: "manager",
      preferredLanguage: "es",
      facilityIds: [facilityIds.lbl, facilityIds.svc].sort((a, b) => a - b),
    });
    expect(found?.lastSeenAt).toBeInstanceOf(Date);
  });

  it("lead nowhere for an unknown token", async () => {
    await expect(findSessionUser(testDb.db, "no-such-token", new Date())).resolves.toBeUndefined();
  });

  it("lead nowhere once expired, and are then cleaned up", async () => {
    const id = await newUser("expiring@example.org");
    const now = new Date();
    const expiresAt = new Date(now.getTime() + HOUR);
    await openSession(id, "expiring-token", expiresAt);
    expect(await findSessionUser(testDb.db, "expiring-token", now)).toBeDefined();
    await expect(findSessionUser(testDb.db, "expiring-token", expiresAt)).resolves.toBeUndefined();
    await expect(findSessionUser(testDb.db, "expiring-token", new Date(expiresAt.getTime() + 1))).resolves.toBeUndefined();

    await deleteExpiredSessions(testDb.db, new Date(expiresAt.getTime() + 1));
    expect(await testDb.db.select().from(sessions).where(eq(sessions.tokenHash, "expiring-token"))).toEqual([]);
  });

  it("end when the account is deactivated, and do not come back when it is reactivated", async () => {
    const id = await newUser("deactivated@example.org");
    const now = new Date();
    await openSession(id, "deactivated-1", new Date(now.getTime() + HOUR));
    await openSession(id, "deactivated-2", new Date(now.getTime() + HOUR));
    const other = await newUser("colleague@example.org");
    await openSession(other, "colleague-token", new Date(now.getTime() + HOUR));

    await updateUser(testDb.db, id, { active: false });
    await expect(findSessionUser(testDb.db, "deactivated-1", now)).resolves.toBeUndefined();
    expect(await testDb.db.select().from(sessions).where(eq(sessions.userId, id))).toEqual([]);
    expect(await findUserForLogin(testDb.db, "deactivated@example.org")).toMatchObject({ active: false });

    await updateUser(testDb.db, id, { active: true });
    await expect(findSessionUser(testDb.db, "deactivated-2", now)).resolves.toBeUndefined();
    // Someone else's session is untouched.
    expect((await findSessionUser(testDb.db, "colleague-token", now))?.user.id).toBe(other);
  });

  it("end when the password changes", async () => {
    const id = await newUser("new-password@example.org");
    const now = new Date();
    await openSession(id, "before-reset", new Date(now.getTime() + HOUR));
    await updateUser(testDb.db, id, { passwordHash: "scrypt$another" });
    await expect(findSessionUser(testDb.db, "before-reset", now)).resolves.toBeUndefined();
  });

  it("carry the user's current role and name, so a change applies at the next request", async () => {
    const id = await newUser("promoted@example.org");
    const now = new Date();
    await openSession(id, "promoted-token", new Date(now.getTime() + HOUR));
    await updateUser(testDb.db, id, { role: "planner", displayName: "Pedro" });
    expect((await findSessionUser(testDb.db, "promoted-token", now))?.user).toMatchObject({
      role: "planner",
      displayName: "Pedro",
    });
  });

  it("belong to an existing user", async () => {
    const error = await rejectionOf(openSession(999_999, "orphan-token", new Date(Date.now() + HOUR)));
    expect(sqlState(error)).toBe(SQLSTATE.foreignKeyViolation);
  });
});
