// Create a facility of the network, or change its description: the writes behind the facility
// forms. The code is the facility's natural key: a second create with the same code is refused,
// so these writes need no idempotency key of their own.
import { appendAudit, diffValues } from "#db/audit.server";
import { insertFacility, updateFacility as writeFacility, type FacilityInput } from "#db/facilities.server";
import type { Db } from "#db/types";
import { auditActorOf, type CommandActor } from "./actor.server";

export type CreateFacilityOutcome =
  | { status: "created"; facilityId: number; code: string }
  /** The code names another facility already (400): nothing written. */
  | { status: "invalid"; fieldErrors: Record<string, string[]> };

export async function createFacility(db: Db, actor: CommandActor, input: FacilityInput): Promise<CreateFacilityOutcome> {
  return db.transaction(async (tx) => {
    const id = await insertFacility(tx, input);
    if (!id) return { status: "invalid", fieldErrors: { code: ["facilities.codeTaken"] } };
    await appendAudit(tx, auditActorOf(actor), { action: "create", entity: "facility", entityId: id, facilityId: id, changes: { ...input } });
    return { status: "created", facilityId: id, code: input.code };
  });
}

export type UpdateFacilityOutcome = { status: "updated"; changes: Record<string, unknown> } | { status: "unchanged" };

/**
 * Writes what differs from `current` (the facility as the guard read it) and audits it as
 * [before, after] pairs; a form sent back unchanged writes nothing, not even an audit entry.
 */
export async function updateFacility(
  db: Db,
  actor: CommandActor,
  current: { id: number } & Omit<FacilityInput, "code">,
  input: Omit<FacilityInput, "code">,
): Promise<UpdateFacilityOutcome> {
  const changes = diffValues(current, input);
  if (Object.keys(changes).length === 0) return { status: "unchanged" };
  await db.transaction(async (tx) => {
    await writeFacility(tx, current.id, input);
    await appendAudit(tx, auditActorOf(actor), { action: "update", entity: "facility", entityId: current.id, facilityId: current.id, changes });
  });
  return { status: "updated", changes };
}
