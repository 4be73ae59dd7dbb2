// Undo a population entry made in error: the one write behind the reversal form.
import { appendAudit } from "#db/audit.server";
import { reverseEntry as appendReversal } from "#db/census.server";
import type { Db } from "#db/types";
import type { Group } from "~/lib/domain/population";
import { auditActorOf, auditSource, ledgerKeyFor, type CommandActor } from "./actor.server";

export interface ReversalInput {
  facilityId: number;
  entryId: number;
  reason: string;
}

export type ReversalOutcome =
  | { status: "created" | "duplicate"; reversalEntryId: number }
  /** No such entry at this facility (404). */
  | { status: "not-found" }
  /** A reversal, a transfer, a headcount correction or an entry reversed already (409): nothing written. */
  | { status: "refused"; formErrors: string[] }
  /**
   * Undoing it would leave a group below zero, or a subgroup larger than its groups (409):
   * the groups, for the route to name in the person's language; nothing written.
   */
  | { status: "would-go-negative"; groups: { group: Group; present: number | null }[] };

/** The audit entry's changes: the same keys whatever the way in. */
export function reversalAudit(actor: CommandActor, key: string, input: ReversalInput, reversalEntryId: number) {
  return { reversalEntryId, reason: input.reason, ...auditSource(actor, key) };
}

/** The write inside a transaction the caller owns. */
export async function reverseEntryIn(tx: Db, actor: CommandActor, input: ReversalInput, key: string): Promise<ReversalOutcome> {
  const outcome = await appendReversal(tx, input, {
    recordedBy: actor.userId,
    apiTokenId: actor.token?.id ?? null,
    idempotencyKey: ledgerKeyFor(actor, key),
  });
  if (outcome.status === "not-found") return outcome;
  if (outcome.status === "not-reversible") return { status: "refused", formErrors: [`reverse.notReversible.${outcome.reason}`] };
  if (outcome.status === "insufficient") return { status: "would-go-negative", groups: outcome.shortfalls.map((s) => ({ group: s.group, present: s.present })) };
  if (outcome.status === "subgroups") return { status: "would-go-negative", groups: outcome.problems.map((p) => ({ group: p.group, present: null })) };
  if (outcome.status === "created") {
    // The entry reversed is what the audit log is about; the reversal's own id goes in its changes.
    await appendAudit(tx, auditActorOf(actor), {
      action: "reverse",
      entity: "population_entry",
      entityId: input.entryId,
      facilityId: input.facilityId,
      changes: reversalAudit(actor, key, input, outcome.entryId),
    });
  }
  return { status: outcome.status, reversalEntryId: outcome.entryId };
}

/** One reversal in its own transaction. */
export async function reverseEntry(db: Db, actor: CommandActor, input: ReversalInput, key: string): Promise<ReversalOutcome> {
  return db.transaction((tx) => reverseEntryIn(tx, actor, input, key));
}
