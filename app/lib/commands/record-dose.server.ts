// Record a vaccine dose given (drawn from stock, opening a vial if need be) or not given, and
// correct why a dose was not given: the writes behind the vaccination page.
import { appendAudit } from "#db/audit.server";
import { changeNotGivenReason, findRecentDoseTwin, listVaccineItems, recordDose } from "#db/vaccination.server";
import type { Db } from "#db/types";
import type { ScheduleWarning } from "~/lib/domain/schedule";
import { messageWithParams } from "~/lib/i18n";
import { dayOf } from "~/lib/time.server";
import { auditActorOf, type CommandActor, type FormQuestions } from "./actor.server";

export interface DoseInput {
  facilityId: number;
  /** The case as found at the facility. */
  careCase: { id: number; code: string; birthDate: string | null };
  /** Vaccine item code. */
  vaccine: string;
  doseNumber: number;
  status: "given" | "not_given";
  notGivenReason?: string;
  occurredAt: Date;
}

type Vaccine = { id: number; code: string; nameEs: string; nameEn: string };

export type DoseCommandOutcome =
  | { status: "created"; doseId: number; warnings: ScheduleWarning[] }
  | { status: "duplicate"; doseId: number }
  /** No such vaccine in the catalogue (400): nothing written. */
  | { status: "invalid"; fieldErrors: Record<string, string[]> }
  /** The stock cannot give it (none, not enough, an unusable lot; 409): nothing written. */
  | { status: "refused"; fieldErrors: Record<string, string[]> }
  /**
   * A form's question: the same person recorded this dose minutes ago (decision 016). Nothing
   * written until confirmed; the route words it in the person's language.
   */
  | { status: "twin"; recordedAt: Date; vaccine: Vaccine; lotNumber: string | null };

/** One dose in its own transaction, after the form's twin question when a form asks it. */
export async function recordVaccineDose(
  db: Db,
  actor: CommandActor,
  input: DoseInput,
  key: string,
  options: { questions?: FormQuestions } = {},
): Promise<DoseCommandOutcome> {
  const vaccine = (await listVaccineItems(db)).find((v) => v.code === input.vaccine);
  if (!vaccine) return { status: "invalid", fieldErrors: { vaccine: ["validation.choice"] } };
  if (options.questions && !options.questions.confirmRepeat && actor.userId !== null) {
    // Back and resubmit without JavaScript: the same dose under a new key. A dose number given
    // twice is otherwise recorded with a warning, and would draw the stock twice.
    const twin = await findRecentDoseTwin(db, input.facilityId, {
      caseId: input.careCase.id,
      itemId: vaccine.id,
      doseNumber: input.doseNumber,
      status: input.status,
      recordedBy: actor.userId,
      idempotencyKey: key,
    });
    if (twin) return { status: "twin", recordedAt: twin.recordedAt, vaccine, lotNumber: twin.lotNumber };
  }
  const outcome = await db.transaction(async (tx) => {
    const result = await recordDose(
      tx,
      {
        facilityId: input.facilityId,
        caseId: input.careCase.id,
        item: vaccine,
        doseNumber: input.doseNumber,
        status: input.status,
        notGivenReason: input.notGivenReason,
        occurredAt: input.occurredAt,
        today: dayOf(input.occurredAt),
        birthDate: input.careCase.birthDate,
      },
      { recordedBy: actor.userId, idempotencyKey: key },
    );
    if (result.status === "created") {
      await appendAudit(tx, auditActorOf(actor), {
        action: "create",
        entity: "vaccine_dose",
        entityId: result.doseId,
        facilityId: input.facilityId,
        changes: {
          case: input.careCase.code,
          vaccine: vaccine.code,
          doseNumber: input.doseNumber,
          status: input.status,
          notGivenReason: input.notGivenReason ?? "",
          occurredAt: input.occurredAt.toISOString(),
          lotId: result.lotId,
          openVialId: result.openVialId,
          openedVial: result.openedVial,
          stockOperationId: result.stockOperationId,
          warnings: result.warnings,
          expiredVials: result.expired.map((v) => ({ vialId: v.vialId, writtenOff: v.writtenOff })),
        },
      });
    }
    return result;
  });
  switch (outcome.status) {
    case "no-stock":
    case "insufficient":
      return { status: "refused", fieldErrors: { vaccine: [messageWithParams("vaccination.noStock", { available: outcome.available })] } };
    case "unusable":
      return { status: "refused", fieldErrors: { vaccine: [`vaccination.lotUnusable.${outcome.reason}`] } };
    case "duplicate":
      return { status: "duplicate", doseId: outcome.doseId };
    case "created":
      return { status: "created", doseId: outcome.doseId, warnings: outcome.warnings };
  }
}

export type DoseReasonOutcome = { status: "changed"; before: string } | { status: "not-found" };

/** Why a dose was not given, corrected; only a not-given dose of this case at the facility. */
export async function changeDoseReason(
  db: Db,
  actor: CommandActor,
  input: { facilityId: number; caseId: number; doseId: number; reason: string },
): Promise<DoseReasonOutcome> {
  return db.transaction(async (tx): Promise<DoseReasonOutcome> => {
    const result = await changeNotGivenReason(tx, input);
    if (!result) return { status: "not-found" };
    await appendAudit(tx, auditActorOf(actor), {
      action: "update",
      entity: "vaccine_dose",
      entityId: input.doseId,
      facilityId: input.facilityId,
      changes: { notGivenReason: [result.before, input.reason] },
    });
    return { status: "changed", before: result.before };
  });
}
