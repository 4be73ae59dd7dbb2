// Every read of care records is in the audit log (decision 010): the one place a care loader
// writes that entry, so the pages, their .data requests and the exports record reads alike.
import { appendAudit } from "#db/audit.server";
import type { Db } from "#db/types";
import { auditActorOf, type CommandActor } from "./actor.server";

export type CareRead =
  /** One person's case: the case page, its summary card, its vaccination page, its FHIR export. */
  | { of: "case"; caseId: number; details: Record<string, unknown> }
  /** Many people's cases at once: the open list, a period's FHIR export. */
  | { of: "cases"; details: Record<string, unknown> }
  /** A search of the cases by code or name (the query is what was read for). */
  | { of: "search"; details: { query: string; results: number } }
  /** The follow-up list and its CSV. */
  | { of: "followup"; details: Record<string, unknown> };

export async function recordCareRead(db: Db, actor: CommandActor, facilityId: number, read: CareRead): Promise<void> {
  const entry =
    read.of === "case"
      ? { action: "view", entity: "care_case", entityId: read.caseId }
      : read.of === "cases"
      ? { action: "view", entity: "care_case" }
      : read.of === "search"
      ? { action: "search", entity: "care_case" }
      : { action: "view", entity: "care_followup", entityId: facilityId };
  await appendAudit(db, auditActorOf(actor), { ...entry, facilityId, changes: read.details });
}
