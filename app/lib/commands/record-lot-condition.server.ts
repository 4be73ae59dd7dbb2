// Record a lot's condition (VVM stage, temperature excursion): the one write behind the lot
// page's condition form. VVM 3-4 or an excursion quarantines the lot at the facility at once.
import { appendAudit } from "#db/audit.server";
import { getHeldLotCondition, setLotCondition } from "#db/stock.server";
import type { Db } from "#db/types";
import { lotReadingProblem, quarantineAfterReading, type LotReading } from "~/lib/domain/stock";
import { messageWithParams } from "~/lib/i18n";
import { auditActorOf, type CommandActor } from "./actor.server";

export interface LotConditionInput extends LotReading {
  facilityId: number;
  lotId: number;
}

export type LotConditionOutcome =
  | { status: "saved"; quarantined: boolean; lotNumber: string }
  /** The facility holds no such lot. */
  | { status: "not-found" }
  /** The reading cannot be taken (400): nothing written. */
  | { status: "invalid"; fieldErrors: Record<string, string[]> };

export async function recordLotCondition(db: Db, actor: CommandActor, input: LotConditionInput): Promise<LotConditionOutcome> {
  return db.transaction(async (tx) => {
    const lot = await getHeldLotCondition(tx, input.facilityId, input.lotId);
    if (!lot) return { status: "not-found" };
    const problem = lotReadingProblem(input, lot);
    if (problem) {
      const message = problem.message === "stock.vvmCannotGoBack" ? messageWithParams(problem.message, { stage: problem.stage }) : problem.message;
      return { status: "invalid", fieldErrors: { [problem.field]: [message] } };
    }
    const { quarantine, reason } = quarantineAfterReading(input, lot);
    const outcome = await setLotCondition(tx, {
      facilityId: input.facilityId,
      lotId: lot.lotId,
      vvmStage: input.vvmStage,
      quarantine,
      reason,
      excursion: input.excursion,
      note: input.note,
      source: "reading",
      recordedBy: actor.userId,
    });
    if (!("quarantined" in outcome)) return { status: "not-found" };
    await appendAudit(tx, auditActorOf(actor), {
      action: "update",
      entity: "lot_condition",
      entityId: lot.lotId,
      facilityId: input.facilityId,
      changes: { vvmStage: input.vvmStage, excursion: input.excursion, note: input.note, quarantined: outcome.quarantined },
    });
    return { status: "saved", quarantined: outcome.quarantined, lotNumber: lot.lotNumber };
  });
}
