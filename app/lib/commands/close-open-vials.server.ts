// Close the open vials whose time ran out: the write behind the open-vials page's button and
// the `expire-vials` command line (one facility, or all of them).
import { appendAudit } from "#db/audit.server";
import type { Db } from "#db/types";
import { expireOpenVials, type ExpiredVial } from "#db/vaccination.server";
import { auditActorOf, type CommandActor } from "./actor.server";

export interface ClosedVials {
  vials: ExpiredVial[];
  /** Doses written off across the vials closed. */
  writtenOff: number;
}

/**
 * Every vial past its discard time at `now` is closed and its doses left written off, each with
 * its audit entry, in one transaction. Idempotent: a vial already closed is not closed again.
 */
export async function closeExpiredVials(db: Db, actor: CommandActor, input: { now: Date; facilityId?: number }): Promise<ClosedVials> {
  const vials = await db.transaction(async (tx) => {
    const closed = await expireOpenVials(tx, { now: input.now, facilityId: input.facilityId }, { recordedBy: actor.userId });
    for (const vial of closed) {
      await appendAudit(tx, auditActorOf(actor), {
        action: "expire",
        entity: "open_vial",
        entityId: vial.vialId,
        facilityId: vial.facilityId,
        changes: { remaining: vial.remaining, writtenOff: vial.writtenOff, operationId: vial.operationId },
      });
    }
    return closed;
  });
  return { vials, writtenOff: vials.reduce((sum, v) => sum + v.writtenOff, 0) };
}
