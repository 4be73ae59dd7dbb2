import { and, desc, eq, sql } from "drizzle-orm";
import { allGroups, emptyCounts, type Counts, type Group } from "../app/lib/domain/population";
import { differs, headcountDifference } from "../app/lib/domain/headcount";
import { appendEntry, lockCensus, type EntryContext } from "./census.server";
import { census, headcountSheets, users } from "./schema";
import type { Db } from "./types";

/** Counts read back from a jsonb column; only the twelve groups, only whole numbers. */
export type PartialCounts = Partial<Record<Group, number>>;

function partialFrom(value: unknown): PartialCounts {
  const out: PartialCounts = {};
  if (!value || typeof value !== "object") return out;
  for (const g of allGroups) {
    const n = (value as Record<string, unknown>)[g];
    if (typeof n === "number" && Number.isInteger(n)) out[g] = n;
  }
  return out;
}

function countsFrom(value: unknown): Counts {
  return { ...emptyCounts(), ...partialFrom(value) };
}

/** Serialises the opening of headcount sheets at a facility (call inside the transaction). */
async function lockHeadcountSheets(db: Db, facilityId: number) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`headcount-sheet:${facilityId}`}))`);
}

/**
 * The facility's draft headcount, or a new one with the census of now beside it. Two people
 * opening at once get the same sheet. Call inside a transaction.
 */
export async function openHeadcountSheet(db: Db, facilityId: number, userId: number | null): Promise<{ id: number; created: boolean }> {
  await lockHeadcountSheets(db, facilityId);
  const [draft] = await db
    .select({ id: headcountSheets.id })
    .from(headcountSheets)
    .where(and(eq(headcountSheets.facilityId, facilityId), eq(headcountSheets.status, "draft")))
    .limit(1);
  if (draft) return { id: draft.id, created: false };
  const [present] = await db.select(Object.fromEntries(allGroups.map((g) => [g, census[g]])) as Record<Group, (typeof census)[Group]>).from(census).where(eq(census.facilityId, facilityId));
  const [sheet] = await db
    .insert(headcountSheets)
    .values({ facilityId, openedBy: userId, openingCensus: present ? countsFrom(present) : emptyCounts() })
    .returning({ id: headcountSheets.id });
  return { id: sheet!.id, created: true };
}

export async function listHeadcountSheets(db: Db, facilityId: number, limit = 50) {
  const rows = await db
    .select({
      id: headcountSheets.id,
      status: headcountSheets.status,
      openedAt: headcountSheets.openedAt,
      submittedAt: headcountSheets.submittedAt,
      openedBy: users.displayName,
      counted: headcountSheets.counted,
      expected: headcountSheets.expected,
    })
    .from(headcountSheets)
    .leftJoin(users, eq(users.id, headcountSheets.openedBy))
    .where(eq(headcountSheets.facilityId, facilityId))
    .orderBy(desc(headcountSheets.id))
    .limit(limit);
  return rows.map(({ counted, expected, ...r }) => ({
    ...r,
    difference: expected ? headcountDifference(countsFrom(counted), countsFrom(expected)).total : null,
  }));
}

export async function getHeadcountSheet(db: Db, facilityId: number, sheetId: number) {
  const [row] = await db
    .select({
      id: headcountSheets.id,
      status: headcountSheets.status,
      openedAt: headcountSheets.openedAt,
      submittedAt: headcountSheets.submittedAt,
      openedBy: users.displayName,
      openingCensus: headcountSheets.openingCensus,
      counted: headcountSheets.counted,
      expected: headcountSheets.expected,
      reason: headcountSheets.reason,
      increaseEntryId: headcountSheets.increaseEntryId,
      decreaseEntryId: headcountSheets.decreaseEntryId,
    })
    .from(headcountSheets)
    .leftJoin(users, eq(users.id, headcountSheets.openedBy))
    .where(and(eq(headcountSheets.id, sheetId), eq(headcountSheets.facilityId, facilityId)));
  if (!row) return undefined;
  return {
    ...row,
    openingCensus: countsFrom(row.openingCensus),
    counted: partialFrom(row.counted),
    expected: row.expected ? countsFrom(row.expected) : null,
  };
}

async function lockSheet(db: Db, facilityId: number, sheetId: number) {
  const [sheet] = await db
    .select({ status: headcountSheets.status, idempotencyKey: headcountSheets.idempotencyKey })
    .from(headcountSheets)
    .where(and(eq(headcountSheets.id, sheetId), eq(headcountSheets.facilityId, facilityId)))
    .for("update");
  return sheet;
}

/** Saves what has been counted so far on a draft (groups left blank stay blank). */
export async function saveHeadcountDraft(db: Db, facilityId: number, sheetId: number, counted: PartialCounts) {
  const sheet = await lockSheet(db, facilityId, sheetId);
  if (!sheet) return { status: "not-found" as const };
  if (sheet.status !== "draft") return { status: "not-draft" as const };
  await db.update(headcountSheets).set({ counted: partialFrom(counted) }).where(eq(headcountSheets.id, sheetId));
  return { status: "saved" as const };
}

export type HeadcountOutcome =
  | { status: "created"; expected: Counts; counted: Counts; difference: Counts & { total: number }; entryIds: number[] }
  | { status: "duplicate" }
  | { status: "not-found" }
  | { status: "not-draft" }
  | { status: "reason-required"; difference: Counts & { total: number } };

/**
 * Submits a headcount: under the census lock, compares the count with the census of this
 * moment and posts the difference as `correction` entries, magnitudes with a sign like every
 * entry: one +1 entry for the groups counted above the census, then one -1 entry for those
 * below. In that order the census never passes through a state where a subgroup does not fit
 * (it goes through the larger of the two in every group), and ends equal to the count.
 * A difference needs a reason. Call inside a transaction.
 */
export async function submitHeadcountSheet(
  db: Db,
  input: { facilityId: number; sheetId: number; counted: Counts; reason: string; occurredAt: Date; day: string },
  ctx: EntryContext & { recordedBy: number },
): Promise<HeadcountOutcome> {
  // The census first, like every population write: the same lock order everywhere.
  const present = await lockCensus(db, input.facilityId);
  const sheet = await lockSheet(db, input.facilityId, input.sheetId);
  if (!sheet) return { status: "not-found" };
  if (sheet.status !== "draft") return sheet.idempotencyKey === ctx.idempotencyKey ? { status: "duplicate" } : { status: "not-draft" };
  const [other] = await db
    .select({ id: headcountSheets.id })
    .from(headcountSheets)
    .where(eq(headcountSheets.idempotencyKey, ctx.idempotencyKey))
    .limit(1);
  if (other) return { status: "duplicate" };

  const difference = headcountDifference(input.counted, present);
  const reason = input.reason.trim();
  if (differs(difference) && reason.length === 0) return { status: "reason-required", difference };
  const up = Object.fromEntries(allGroups.map((g) => [g, Math.max(0, difference[g])])) as Counts;
  const down = Object.fromEntries(allGroups.map((g) => [g, Math.max(0, -difference[g])])) as Counts;
  const entryIds: number[] = [];
  let increaseEntryId: number | null = null;
  let decreaseEntryId: number | null = null;
  const movement = { facilityId: input.facilityId, occurredAt: input.occurredAt, day: input.day, notes: reason };
  for (const [sign, counts] of [
    [1, up],
    [-1, down],
  ] as const) {
    if (!allGroups.some((g) => counts[g] > 0)) continue;
    const outcome = await appendEntry(db, {
      kind: "correction",
      sign,
      rollupKind: "correction",
      input: { ...movement, counts },
      // One key per sheet and direction: the ledger itself refuses a second correction of the same sheet.
      ctx: { recordedBy: ctx.recordedBy, apiTokenId: null, idempotencyKey: `headcount:${input.sheetId}:${sign > 0 ? "up" : "down"}` },
      reason,
    });
    // The count satisfies the subgroup rules (checked by the form) and the census is locked,
    // so neither entry can be refused; if one were, nothing of the submit may stay.
    if (outcome.status !== "created") throw new Error(`headcount correction refused: ${outcome.status}`);
    entryIds.push(outcome.entryId);
    if (sign > 0) increaseEntryId = outcome.entryId;
    else decreaseEntryId = outcome.entryId;
  }
  // A count confirms the census even when nothing differs: the facility's freshness counts it.
  await db.update(census).set({ lastEntryAt: sql`now()`, updatedAt: sql`now()` }).where(eq(census.facilityId, input.facilityId));
  await db
    .update(headcountSheets)
    .set({
      status: "submitted",
      counted: input.counted,
      expected: present,
      submittedAt: input.occurredAt,
      submittedBy: ctx.recordedBy,
      reason,
      idempotencyKey: ctx.idempotencyKey,
      increaseEntryId,
      decreaseEntryId,
    })
    .where(eq(headcountSheets.id, input.sheetId));
  return { status: "created", expected: present, counted: input.counted, difference, entryIds };
}
