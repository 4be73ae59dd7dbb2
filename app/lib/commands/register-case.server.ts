// Register a person's care case: the one write behind the registration form (and any later way in).
import { appendAudit } from "#db/audit.server";
import { caseCodeById, findCreatedWithKey, possibleDuplicates, registerCase as insertCase, type Sex } from "#db/care.server";
import type { Db } from "#db/types";
import { dueDateFromLmp, lmpFromGestationalAge } from "~/lib/domain/care";
import { estimatedBirthDate } from "~/lib/schemas/care";
import { auditActorOf, type CommandActor } from "./actor.server";

export interface CaseRegistrationInput {
  facilityId: number;
  name: string;
  documentNumber: string;
  sex: Sex;
  birthDate: string | null;
  birthDateEstimated: boolean;
  nationality: string | null;
  familyGroup: string;
  pregnant: boolean;
  lastMenstrualPeriod: string | null;
  arrivalDate: string;
}

export interface SimilarCase {
  code: string;
  name: string;
  birthDate: string | null;
  arrivalDate: string;
}

export type CaseRegistrationOutcome =
  | { status: "created" | "duplicate"; code: string }
  /** Cases at the facility that may be the same person: nothing written until the worker confirms. */
  | { status: "similar"; similar: SimilarCase[] };

/**
 * One registration in its own transaction. The same form sent twice counts once (and is not its
 * own possible duplicate); similar cases are a question unless `confirmed` (the form's "register
 * anyway"). Identifying fields stay out of the audit entry: it records who registered what.
 */
export async function registerCareCase(
  db: Db,
  actor: CommandActor,
  input: CaseRegistrationInput,
  key: string,
  options: { confirmed: boolean },
): Promise<CaseRegistrationOutcome> {
  return db.transaction(async (tx): Promise<CaseRegistrationOutcome> => {
    if (actor.userId !== null) {
      const existing = await findCreatedWithKey(tx, actor.userId, "care_case", key);
      if (existing) {
        const code = await caseCodeById(tx, input.facilityId, Number(existing));
        if (code) return { status: "duplicate", code };
      }
    }
    if (!options.confirmed) {
      const similar = await possibleDuplicates(tx, input.facilityId, {
        name: input.name,
        birthDate: input.birthDate,
        documentNumber: input.documentNumber,
      });
      if (similar.length > 0) {
        return {
          status: "similar",
          similar: similar.map(({ code, name, birthDate, arrivalDate }) => ({ code, name, birthDate, arrivalDate })),
        };
      }
    }
    const row = await insertCase(
      tx,
      { ...input, estimatedDueDate: input.lastMenstrualPeriod ? dueDateFromLmp(input.lastMenstrualPeriod) : null },
      actor.userId,
    );
    await appendAudit(tx, auditActorOf(actor), {
      action: "create",
      entity: "care_case",
      entityId: row.id,
      facilityId: input.facilityId,
      changes: {
        code: row.code,
        idempotencyKey: key,
        pregnant: input.pregnant,
        birthDateEstimated: input.birthDateEstimated,
        confirmedDespiteDuplicates: options.confirmed,
      },
    });
    return { status: "created", code: row.code };
  });
}

/** The command's input from the registration form: an age becomes a birth date, weeks a last period. */
export function caseRegistrationFromForm(
  facilityId: number,
  today: string,
  v: {
    name: string;
    documentNumber: string;
    sex: Sex;
    birthMode: "date" | "estimated";
    birthDate: string;
    ageYears: number | null;
    ageMonths: number | null;
    nationality: string;
    familyGroup: string;
    pregnant: boolean;
    pregnancyMode: "lmp" | "weeks";
    lastMenstrualPeriod: string;
    gestationalWeeks: number | null;
    arrivalDate: string;
  },
): CaseRegistrationInput {
  const birthDate = v.birthMode === "date" ? v.birthDate : estimatedBirthDate(v.ageYears ?? 0, v.ageMonths ?? 0, today);
  const lmp = v.pregnant
    ? v.pregnancyMode === "lmp"
      ? v.lastMenstrualPeriod
      : lmpFromGestationalAge(v.gestationalWeeks ?? 0, today)
    : null;
  return {
    facilityId,
    name: v.name,
    documentNumber: v.documentNumber,
    sex: v.sex,
    birthDate,
    birthDateEstimated: v.birthMode === "estimated",
    nationality: v.nationality || null,
    familyGroup: v.familyGroup,
    pregnant: v.pregnant,
    lastMenstrualPeriod: lmp,
    arrivalDate: v.arrivalDate,
  };
}
