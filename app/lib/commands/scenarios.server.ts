// A planner's scenarios (decision 012): create, rename, archive, add or remove a change. Each is
// one transaction with its audit entry; the stored plan of an edited scenario is out of date by its
// updated_at and is computed on its next view (decision 018).
import { appendAudit } from "#db/audit.server";
import { insertScenario, updateScenario, type ScenarioRow } from "#db/planning.server";
import type { Db } from "#db/types";
import type { ScenarioChange } from "~/lib/domain/scenario";
import { auditActorOf, type CommandActor } from "./actor.server";

export async function createScenario(db: Db, actor: CommandActor, input: { name: string; description: string }): Promise<number> {
  return db.transaction(async (tx) => {
    const id = await insertScenario(tx, { name: input.name, description: input.description, changes: [] }, actor.userId);
    await appendAudit(tx, auditActorOf(actor), { action: "create", entity: "scenario", entityId: id, changes: { ...input } });
    return id;
  });
}

export type ScenarioEdit =
  | { kind: "rename"; name: string; description: string }
  | { kind: "archive" }
  | { kind: "add-change"; change: ScenarioChange }
  | { kind: "remove-change"; index: number };

/** Applies one edit; the audit entry says what changed (the change added or removed, the new name). */
export async function editScenario(db: Db, actor: CommandActor, scenario: Pick<ScenarioRow, "id" | "changes">, edit: ScenarioEdit) {
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
  await db.transaction(async (tx) => {
    await updateScenario(tx, scenario.id, update);
    await appendAudit(tx, auditActorOf(actor), { action: "update", entity: "scenario", entityId: scenario.id, changes });
  });
}
