// Record a dose given elsewhere, read from a home card or another country's record ("desde
// carné"): the write behind the case page's card form. No stock, lot or vial is touched.
import { appendAudit } from "#db/audit.server";
import { listVaccineItems, recordCardDose } from "#db/vaccination.server";
import type { Db } from "#db/types";
import type { ScheduleWarning } from "~/lib/domain/schedule";
import { messageWithParams } from "~/lib/i18n";
import { scheduledDoseCount } from "~/lib/schemas/vaccination";
import { addDays, startOfZonedDay } from "~/lib/time";
import { auditActorOf, auditSource, type CommandActor } from "./actor.server";

export interface CardDoseInput {
  facilityId: number;
  /** The case as found at the facility. */
  careCase: { id: number; code: string; birthDate: string | null };
  /** Vaccine item code. */
  vaccine: string;
  doseNumber: number;
  /** The day the card says it was given, YYYY-MM-DD. */
  givenOn: string;
  place: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** The lot number as the card writes it ("" when it shows none). */
  lotNumber: string;
}

export type CardDoseCommandOutcome =
  | { status: "created"; doseId: number; warnings: ScheduleWarning[]; nextDueDate: string | null }
  | { status: "duplicate"; doseId: number }
  /** Not a vaccine of the catalogue, a day after today or before the birth, a dose beyond the schedule (400): nothing written. */
  | { status: "invalid"; fieldErrors: Record<string, string[]> };

/**
 * One card dose in its own transaction with its audit entry. The form's schema already checks
 * the day and the dose number; they are checked again here, where the case's birth date and
 * the facility's today are the server's, so no other way in can write what the form refuses.
 */
export async function recordCardVaccineDose(
  db: Db,
  actor: CommandActor,
  input: CardDoseInput,
  key: string,
  options: { timeZone: string; today: string },
): Promise<CardDoseCommandOutcome> {
  const vaccine = (await listVaccineItems(db)).find((v) => v.code === input.vaccine);
  if (!vaccine) return { status: "invalid", fieldErrors: { vaccine: ["validation.choice"] } };
  const fieldErrors: Record<string, string[]> = {};
  if (input.givenOn > options.today) fieldErrors.givenOn = ["vaccination.card.dateInFuture"];
  else if (input.careCase.birthDate && input.givenOn < input.careCase.birthDate) fieldErrors.givenOn = ["vaccination.card.beforeBirth"];
  const doses = scheduledDoseCount(vaccine.code);
  if (input.doseNumber < 1 || input.doseNumber > doses) {
    fieldErrors.doseNumber = [messageWithParams("vaccination.card.beyondSchedule", { doses })];
  }
  if (Object.keys(fieldErrors).length) return { status: "invalid", fieldErrors };
  // Noon of that day where the facility is: the stored instant reads as the same day everywhere
  // the day of a dose is taken (the facility's zone, or UTC for intervals).
  const start = startOfZonedDay(input.givenOn, options.timeZone);
  const end = startOfZonedDay(addDays(input.givenOn, 1), options.timeZone);
  const occurredAt = new Date((start.getTime() + end.getTime()) / 2);
  return db.transaction(async (tx): Promise<CardDoseCommandOutcome> => {
    const result = await recordCardDose(
      tx,
      {
        facilityId: input.facilityId,
        caseId: input.careCase.id,
        item: vaccine,
        doseNumber: input.doseNumber,
        givenOn: input.givenOn,
        occurredAt,
        place: input.place,
        country: input.country,
        lotNumber: input.lotNumber,
        birthDate: input.careCase.birthDate,
      },
      { recordedBy: actor.userId, idempotencyKey: key },
    );
    if (result.status === "duplicate") return result;
    await appendAudit(tx, auditActorOf(actor), {
      action: "create",
      entity: "vaccine_dose",
      entityId: result.doseId,
      facilityId: input.facilityId,
      changes: {
        ...auditSource(actor, key),
        case: input.careCase.code,
        vaccine: vaccine.code,
        doseNumber: input.doseNumber,
        status: "given",
        source: "card",
        givenOn: input.givenOn,
        place: input.place,
        country: input.country,
        cardLotNumber: input.lotNumber,
        warnings: result.warnings,
      },
    });
    return result;
  });
}
