// A headcount sheet: opened, saved as a draft while people are counted, then submitted, which
// posts the difference from the census as correction entries. The writes behind the headcount pages.
import { appendAudit } from "#db/audit.server";
import { openHeadcountSheet, saveHeadcountDraft, submitHeadcountSheet, type PartialCounts } from "#db/headcount.server";
import type { Db } from "#db/types";
import type { Counts } from "~/lib/domain/population";
import { dayOf } from "~/lib/time.server";
import { auditActorOf, auditSource, ledgerKeyFor, type CommandActor } from "./actor.server";

/** The facility's draft sheet, opened now if there is none (two people opening at once share one). */
export async function openHeadcount(db: Db, actor: CommandActor, facilityId: number): Promise<{ sheetId: number; created: boolean }> {
  return db.transaction(async (tx) => {
    const opened = await openHeadcountSheet(tx, facilityId, actor.userId);
    if (opened.created) {
      await appendAudit(tx, auditActorOf(actor), { action: "create", entity: "headcount_sheet", entityId: opened.id, facilityId });
    }
    return { sheetId: opened.id, created: opened.created };
  });
}

export type SaveHeadcountOutcome =
  | { status: "saved" }
  | { status: "not-found" }
  /** Submitted meanwhile (409): nothing saved. */
  | { status: "refused"; formErrors: string[] };

/** What has been counted so far, on the draft (groups left blank stay blank). */
export async function saveHeadcount(
  db: Db,
  actor: CommandActor,
  input: { facilityId: number; sheetId: number; counted: PartialCounts },
): Promise<SaveHeadcountOutcome> {
  return db.transaction(async (tx) => {
    const saved = await saveHeadcountDraft(tx, input.facilityId, input.sheetId, input.counted);
    if (saved.status === "not-found") return saved;
    if (saved.status === "not-draft") return { status: "refused", formErrors: ["headcount.alreadySubmitted"] };
    await appendAudit(tx, auditActorOf(actor), {
      action: "update",
      entity: "headcount_sheet",
      entityId: input.sheetId,
      facilityId: input.facilityId,
      changes: { counted: input.counted },
    });
    return saved;
  });
}

export interface HeadcountSubmission {
  facilityId: number;
  sheetId: number;
  counted: Counts;
  reason: string;
}

export type SubmitHeadcountOutcome =
  | { status: "created"; counted: Counts; difference: Counts & { total: number } }
  | { status: "duplicate" }
  | { status: "not-found" }
  /** A difference without a reason (400): nothing written. */
  | { status: "invalid"; fieldErrors: Record<string, string[]> }
  /** Submitted already, under another key (409): nothing written. */
  | { status: "refused"; formErrors: string[] };

/**
 * Submits the sheet at this moment: the difference from the census, under its lock, becomes
 * correction entries (db/headcount.server.ts), and the audit entry records what was counted.
 */
export async function submitHeadcount(db: Db, actor: CommandActor, input: HeadcountSubmission, key: string): Promise<SubmitHeadcountOutcome> {
  if (actor.userId === null) throw new Error("a headcount is submitted by a person");
  const recordedBy = actor.userId;
  const now = new Date();
  return db.transaction(async (tx) => {
    const outcome = await submitHeadcountSheet(
      tx,
      { facilityId: input.facilityId, sheetId: input.sheetId, counted: input.counted, reason: input.reason, occurredAt: now, day: dayOf(now) },
      { recordedBy, idempotencyKey: ledgerKeyFor(actor, key) },
    );
    // Refused before anything is written (only locks are held), so returning commits nothing.
    if (outcome.status === "reason-required") return { status: "invalid", fieldErrors: { reason: ["headcount.reasonRequired"] } };
    if (outcome.status === "not-draft") return { status: "refused", formErrors: ["headcount.alreadySubmitted"] };
    if (outcome.status !== "created") return outcome;
    await appendAudit(tx, auditActorOf(actor), {
      action: "create",
      entity: "headcount_sheet",
      entityId: input.sheetId,
      facilityId: input.facilityId,
      changes: {
        kind: "correction",
        ...auditSource(actor, key),
        counted: input.counted,
        expected: outcome.expected,
        difference: outcome.difference,
        reason: input.reason,
        entryIds: outcome.entryIds,
      },
    });
    return { status: "created", counted: outcome.counted, difference: outcome.difference };
  });
}
