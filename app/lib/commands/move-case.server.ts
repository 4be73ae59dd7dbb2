// Move a care case with the person to another facility of the network (the case page's move form).
import { appendAudit } from "#db/audit.server";
import { moveCase } from "#db/care.server";
import { getFacilityByCode } from "#db/facilities.server";
import type { Db } from "#db/types";
import { auditActorOf, type CommandActor } from "./actor.server";

export type MoveCaseOutcome =
  | { status: "moved"; destination: { id: number; code: string; name: string } }
  /** The destination is unknown or the facility itself: a message at the field, nothing written. */
  | { status: "invalid"; fieldErrors: { toFacility: string[] } }
  /** The case is no longer at the facility (moved meanwhile): the route answers 404. */
  | { status: "not-found" };

export async function moveCareCase(
  db: Db,
  actor: CommandActor,
  input: { facility: { id: number; code: string }; careCase: { id: number; code: string }; toFacility: string },
): Promise<MoveCaseOutcome> {
  const destination = await getFacilityByCode(db, input.toFacility);
  if (!destination || destination.id === input.facility.id)
    return { status: "invalid", fieldErrors: { toFacility: ["validation.choice"] } };
  const moved = await db.transaction(async (tx) => {
    const ok = await moveCase(tx, input.careCase.id, input.facility.id, destination.id);
    if (ok) {
      await appendAudit(tx, auditActorOf(actor), {
        action: "move",
        entity: "care_case",
        entityId: input.careCase.id,
        facilityId: input.facility.id,
        changes: { code: input.careCase.code, from: input.facility.code, to: destination.code },
      });
    }
    return ok;
  });
  if (!moved) return { status: "not-found" };
  return { status: "moved", destination: { id: destination.id, code: destination.code, name: destination.name } };
}
