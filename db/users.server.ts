import { and, asc, eq, gt, inArray, lte, sql } from "drizzle-orm";
import { facilities, facilityMemberships, sessions, users } from "./schema";
import type { Db } from "./types";
import type { Role } from "../app/lib/permissions";

export type Language = "es" | "en";

export async function findUserForLogin(db: Db, email: string) {
  const [row] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, active: users.active, preferredLanguage: users.preferredLanguage })
    .from(users)
    .where(eq(users.email, email.toLowerCase()))
    .limit(1);
  return row;
}

export async function listUsers(db: Db) {
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      role: users.role,
      active: users.active,
      facilityCodes: sql<string[]>`coalesce(array_agg(${facilities.code} order by ${facilities.code}) filter (where ${facilities.code} is not null), '{}')`,
    })
    .from(users)
    .leftJoin(facilityMemberships, eq(facilityMemberships.userId, users.id))
    .leftJoin(facilities, eq(facilities.id, facilityMemberships.facilityId))
    .groupBy(users.id)
    .orderBy(asc(users.email));
  return rows;
}

export async function getUser(db: Db, id: number) {
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      role: users.role,
      preferredLanguage: users.preferredLanguage,
      active: users.active,
    })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  if (!row) return undefined;
  return { ...row, facilityIds: await userFacilityIds(db, id) };
}

export async function userFacilityIds(db: Db, userId: number): Promise<number[]> {
  const rows = await db
    .select({ facilityId: facilityMemberships.facilityId })
    .from(facilityMemberships)
    .where(eq(facilityMemberships.userId, userId))
    .orderBy(asc(facilityMemberships.facilityId));
  return rows.map((r) => r.facilityId);
}

export interface NewUser {
  email: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  preferredLanguage: Language;
  active?: boolean;
}

export async function insertUser(db: Db, input: NewUser): Promise<number | undefined> {
  const [row] = await db
    .insert(users)
    .values({ ...input, email: input.email.toLowerCase() })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id });
  return row?.id;
}

export interface UserChanges {
  displayName?: string;
  role?: Role;
  preferredLanguage?: Language;
  active?: boolean;
  passwordHash?: string;
}

export async function updateUser(db: Db, id: number, changes: UserChanges): Promise<void> {
  await db
    .update(users)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(users.id, id));
  // Deactivation and a new password end every open session at once.
  if (changes.active === false || changes.passwordHash) {
    await db.delete(sessions).where(eq(sessions.userId, id));
  }
}

/** Replaces a user's memberships; returns the facility ids added and removed. */
export async function setMemberships(db: Db, userId: number, facilityIds: number[]) {
  const current = await userFacilityIds(db, userId);
  const added = facilityIds.filter((id) => !current.includes(id));
  const removed = current.filter((id) => !facilityIds.includes(id));
  if (removed.length) {
    await db
      .delete(facilityMemberships)
      .where(and(eq(facilityMemberships.userId, userId), inArray(facilityMemberships.facilityId, removed)));
  }
  if (added.length) {
    await db
      .insert(facilityMemberships)
      .values(added.map((facilityId) => ({ userId, facilityId })))
      .onConflictDoNothing();
  }
  return { added, removed };
}

export async function setPreferredLanguage(db: Db, userId: number, language: Language) {
  await db.update(users).set({ preferredLanguage: language, updatedAt: new Date() }).where(eq(users.id, userId));
}

export interface SessionUser {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  preferredLanguage: Language;
  facilityIds: number[];
}

/** The signed-in user behind a live session, or undefined when it expired or the account is inactive. */
export async function findSessionUser(db: Db, tokenHash: string, now: Date) {
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      role: users.role,
      preferredLanguage: users.preferredLanguage,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now), eq(users.active, true)))
    .limit(1);
  if (!row) return undefined;
  const { lastSeenAt, ...user } = row;
  const facilityIds = await userFacilityIds(db, row.id);
  return { user: { ...user, facilityIds } satisfies SessionUser, lastSeenAt };
}

export async function insertSession(
  db: Db,
  values: { tokenHash: string; userId: number; expiresAt: Date; ipAddress: string; userAgent: string },
) {
  await db.insert(sessions).values(values);
}

export async function deleteSession(db: Db, tokenHash: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function touchSession(db: Db, tokenHash: string, now: Date) {
  await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteExpiredSessions(db: Db, now: Date) {
  await db.delete(sessions).where(lte(sessions.expiresAt, now));
}
