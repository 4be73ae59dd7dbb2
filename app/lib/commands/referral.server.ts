// Refer a case to a hospital, and follow the referral: the writes behind the case page's referral forms.
import { appendAudit } from "#db/audit.server";
import { findCreatedWithKey, insertReferral, updateReferralStatus, type ReferralStatus, type ReferralUrgency } from "#db/care.server";
import type { Db } from "#db/types";
import { auditActorOf, type CommandActor } from "./actor.server";

export interface ReferralInput {
  facilityId: number;
  careCase: { id: number; code: string };
  hospital: string;
  urgency: ReferralUrgency;
  reason: string;
  sentAt: Date;
}

export type ReferralOutcome = { status: "created"; referralId: number } | { status: "duplicate" };

/**
 * One referral per key. Referrals carry their key in the audit entry of their creation (written
 * in the same transaction), so the same form sent twice finds the first.
 */
export async function sendReferral(db: Db, actor: CommandActor, input: ReferralInput, key: string): Promise<ReferralOutcome> {
  return db.transaction(async (tx): Promise<ReferralOutcome> => {
    if (actor.userId !== null && (await findCreatedWithKey(tx, actor.userId, "referral", key))) return { status: "duplicate" };
    const id = await insertReferral(
      tx,
      {
        caseId: input.careCase.id,
        facilityId: input.facilityId,
        hospital: input.hospital,
        urgency: input.urgency,
        reason: input.reason,
        sentAt: input.sentAt,
      },
      actor.userId,
    );
    await appendAudit(tx, auditActorOf(actor), {
      action: "create",
      entity: "referral",
      entityId: id,
      facilityId: input.facilityId,
      changes: { caseCode: input.careCase.code, idempotencyKey: key, hospital: input.hospital, urgency: input.urgency },
    });
    return { status: "created", referralId: id };
  });
}

export type ReferralStatusOutcome =
  | { status: "changed" | "unchanged"; before: ReferralStatus }
  /** No such referral of this case: nothing written (the route answers 404). */
  | { status: "not-found" };

/** A referral's new status; naturally idempotent (the same status again changes nothing and is not audited). */
export async function changeReferralStatus(
  db: Db,
  actor: CommandActor,
  input: { facilityId: number; careCase: { id: number; code: string }; referralId: number; status: ReferralStatus },
): Promise<ReferralStatusOutcome> {
  return db.transaction(async (tx): Promise<ReferralStatusOutcome> => {
    const before = await updateReferralStatus(tx, input.careCase.id, input.referralId, input.status);
    if (before === undefined) return { status: "not-found" };
    if (before === input.status) return { status: "unchanged", before };
    await appendAudit(tx, auditActorOf(actor), {
      action: "update",
      entity: "referral",
      entityId: input.referralId,
      facilityId: input.facilityId,
      changes: { caseCode: input.careCase.code, status: [before, input.status] },
    });
    return { status: "changed", before };
  });
}
