// A planner's scenarios (decision 012): create, rename, archive, add or remove a change. Each is
// one transaction with its audit entry (an edit's carries its form's idempotency key); the stored
// plan of an edited scenario is out of date by its updated_at and is computed on its next view
// (decision 018).
import { appendAudit, findAuditedWithKey } from "#db/audit.server";
import { listFacilityOptions } from "#db/facilities.server";
import { insertScenario, lockScenario, updateScenario } from "#db/planning.server";
import type { Db } from "#db/types";
import { MAX_SCENARIO_CHANGES, scenarioChangeSchema, type ScenarioChange } from "~/lib/domain/scenario";
import { codesOf } from "~/lib/schemas/planning";
import { auditActorOf, type CommandActor } from "./actor.server";

/**
 * Creates a scenario once per idempotency key: the form sent again (Back and resubmit without
 * JavaScript) answers with the scenario the first one created.
 */
export async function createScenario(db: Db, actor: CommandActor, input: { name: string; description: string }, key: string): Promise<number> {
  return db.transaction(async (tx) => {
    if (actor.userId !== null) {
      const earlier = await findAuditedWithKey(tx, { userId: actor.userId, entity: "scenario", action: "create", idempotencyKey: key });
      if (earlier) return Number(earlier);
    }
    const id = await insertScenario(tx, { name: input.name, description: input.description, changes: [] }, actor.userId);
    await appendAudit(tx, auditActorOf(actor), { action: "create", entity: "scenario", entityId: id, changes: { ...input, idempotencyKey: key } });
    return id;
  });
}

export type ScenarioEdit =
  | { kind: "rename"; name: string; description: string }
  | { kind: "archive" }
  | { kind: "add-change"; change: ScenarioChange }
  | { kind: "remove-change"; index: number };

export type ScenarioEditOutcome =
  | { status: "saved" | "duplicate" }
  /** The scenario is gone or archived: nothing written (the route answers 404). */
  | { status: "missing" }
  /** Refused (too many changes, a facility that does not exist, an index past the list): nothing written. */
  | { status: "invalid"; fieldErrors?: Record<string, string[]>; formErrors?: string[] };

/** Why a change may not be added to this list: field errors, or null when it may. */
async function changeProblems(db: Db, changes: readonly ScenarioChange[], change: ScenarioChange) {
  if (changes.length >= MAX_SCENARIO_CHANGES) return { formErrors: ["planning.form.tooManyChanges"] };
  const known = new Set((await listFacilityOptions(db)).map((f) => f.code));
  const unknown = codesOf(change).filter((c) => !known.has(c.code));
  if (unknown.length) return { fieldErrors: Object.fromEntries(unknown.map((c) => [c.field, ["validation.choice"]])) };
  // The domain's own schema is the last word on what a change may be.
  if (!scenarioChangeSchema.safeParse(change).success) return { formErrors: ["validation.formInvalid"] };
  return null;
}

/**
 * Applies one edit, once per idempotency key: the form sent again (Back and resubmit, without
 * JavaScript) finds the first edit's audit entry, which carries the key, and writes nothing. The
 * scenario's row is locked, so an edit applies to its list of changes as it is now, not as the
 * page showed it. The audit entry says what changed (the change added or removed, the new name).
 */
export async function editScenario(db: Db, actor: CommandActor, scenarioId: number, edit: ScenarioEdit, key: string): Promise<ScenarioEditOutcome> {
  return db.transaction(async (tx): Promise<ScenarioEditOutcome> => {
    if (actor.userId !== null && (await findAuditedWithKey(tx, { userId: actor.userId, entity: "scenario", action: "update", idempotencyKey: key }))) {
      return { status: "duplicate" };
    }
    const scenario = await lockScenario(tx, scenarioId);
    if (!scenario || scenario.archived) return { status: "missing" };
    if (edit.kind === "add-change") {
      const problems = await changeProblems(tx, scenario.changes, edit.change);
      if (problems) return { status: "invalid", ...problems };
    }
    if (edit.kind === "remove-change" && edit.index >= scenario.changes.length) return { status: "invalid", formErrors: ["validation.choice"] };
    const [update, changes] = ((): [Parameters<typeof updateScenario>[2], Record<string, unknown>] => {
      switch (edit.kind) {
        case "rename":
          return [{ name: edit.name, description: edit.description }, { name: edit.name, description: edit.description }];
        case "archive":
          return [{ archived: true }, { archived: true }];
        case "add-change":
          return [{ changes: [...scenario.changes, edit.change] }, { added: edit.change }];
        case "remove-change":
          return [{ changes: scenario.changes.filter((_, i) => i !== edit.index) }, { removed: scenario.changes[edit.index] }];
      }
    })();
    await updateScenario(tx, scenario.id, update);
    await appendAudit(tx, auditActorOf(actor), { action: "update", entity: "scenario", entityId: scenario.id, changes: { ...changes, idempotencyKey: key } });
    return { status: "saved" };
  });
}
