// Record a child or antenatal encounter of a case: the one write behind the case page's two forms.
import { appendAudit } from "#db/audit.server";
import { insertEncounter } from "#db/care.server";
import type { Db } from "#db/types";
import { antenatalAssessment, childNutrition, suggestsReferral } from "~/lib/domain/care";
import { auditActorOf, type CommandActor } from "./actor.server";

/** The case as the route found it at the facility (a case elsewhere is not found there). */
export interface CaseRef {
  id: number;
  code: string;
  birthDate: string | null;
  pregnant: boolean;
  lastMenstrualPeriod: string | null;
}

interface EncounterBase {
  facilityId: number;
  careCase: CaseRef;
  occurredAt: Date;
  /** The day of occurredAt where the facility is (ages and gestation are counted to it). */
  day: string;
  dangerSigns: string[];
  notes: string;
}

export interface ChildEncounterInput extends EncounterBase {
  weightKg: number | null;
  heightCm: number | null;
  muacMm: number | null;
  oedema: boolean;
}

export interface AntenatalEncounterInput extends EncounterBase {
  gestationalWeeks: number | null;
  systolic: number | null;
  diastolic: number | null;
  haemoglobinGL: number | null;
  tdGiven: boolean;
  ironFolicGiven: boolean;
  contactNumber: number | null;
  nextContactDate: string | null;
}

export type EncounterOutcome =
  | { status: "created" | "duplicate"; encounterId: number; referralSuggested: boolean }
  /** The case cannot take this encounter (an antenatal contact of a case not pregnant): nothing written. */
  | { status: "invalid"; formErrors: string[] };

/** A child encounter, once per key; its nutrition class and ration are computed here, not typed. */
export async function recordChildEncounter(
  db: Db,
  actor: CommandActor,
  input: ChildEncounterInput,
  key: string,
): Promise<EncounterOutcome> {
  const { nutrition, rutfSachetsPerDay } = childNutrition(input.careCase.birthDate, input.day, input);
  return db.transaction(async (tx) => {
    const outcome = await insertEncounter(
      tx,
      {
        caseId: input.careCase.id,
        facilityId: input.facilityId,
        kind: "child",
        occurredAt: input.occurredAt,
        idempotencyKey: key,
        weightKg: input.weightKg,
        heightCm: input.heightCm,
        muacMm: input.muacMm,
        oedema: input.oedema,
        nutrition,
        rutfSachetsPerDay,
        dangerSigns: input.dangerSigns,
        notes: input.notes,
      },
      actor.userId,
    );
    return encounterOutcome(tx, actor, input, outcome, { kind: "child", nutrition, rutfSachetsPerDay });
  });
}

/** The audit entry of a new encounter (a resent key writes none), and what the form is told. */
async function encounterOutcome(
  tx: Db,
  actor: CommandActor,
  input: { facilityId: number; careCase: { code: string }; dangerSigns: string[] },
  outcome: { status: "created" | "duplicate"; id: number },
  assessed: Record<string, unknown>,
): Promise<EncounterOutcome> {
  if (outcome.status === "created") {
    await appendAudit(tx, auditActorOf(actor), {
      action: "create",
      entity: "care_encounter",
      entityId: outcome.id,
      facilityId: input.facilityId,
      changes: { caseCode: input.careCase.code, ...assessed, dangerSigns: input.dangerSigns },
    });
  }
  return { status: outcome.status, encounterId: outcome.id, referralSuggested: suggestsReferral(input.dangerSigns) };
}

/** An antenatal contact, once per key, of a pregnant case only; gestation and anaemia computed here. */
export async function recordAntenatalEncounter(
  db: Db,
  actor: CommandActor,
  input: AntenatalEncounterInput,
  key: string,
): Promise<EncounterOutcome> {
  if (!input.careCase.pregnant) return { status: "invalid", formErrors: ["care.notPregnant"] };
  const { gestationalWeeks, anaemia } = antenatalAssessment(input.careCase.lastMenstrualPeriod, input.day, input);
  return db.transaction(async (tx) => {
    const outcome = await insertEncounter(
      tx,
      {
        caseId: input.careCase.id,
        facilityId: input.facilityId,
        kind: "antenatal",
        occurredAt: input.occurredAt,
        idempotencyKey: key,
        gestationalWeeks,
        systolic: input.systolic,
        diastolic: input.diastolic,
        haemoglobinGL: input.haemoglobinGL,
        anaemia,
        tdGiven: input.tdGiven,
        ironFolicGiven: input.ironFolicGiven,
        contactNumber: input.contactNumber,
        nextContactDate: input.nextContactDate,
        dangerSigns: input.dangerSigns,
        notes: input.notes,
      },
      actor.userId,
    );
    return encounterOutcome(tx, actor, input, outcome, { kind: "antenatal", gestationalWeeks, anaemia });
  });
}
