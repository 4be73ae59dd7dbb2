// The audit entry of a population ledger entry a command created: the one shape the arrival,
// departure and transfer receipt commands share (the entry's id, its facility, what was sent).
import { appendAudit } from "#db/audit.server";
import type { Db } from "#db/types";
import { auditActorOf, type CommandActor } from "./actor.server";

export async function auditNewEntry(tx: Db, actor: CommandActor, entry: { facilityId: number; entryId: number }, changes: Record<string, unknown>) {
  await appendAudit(tx, auditActorOf(actor), { action: "create", entity: "population_entry", entityId: entry.entryId, facilityId: entry.facilityId, changes });
}
