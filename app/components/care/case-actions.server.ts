// The case page's writes, one named function per intent of its forms: parse → command → reply.
// The route reads the intent (~/lib/intent.server) and switches here; each function is the
// whole answer to its form, so it can be read and tested on its own.
import { parseWithZod } from "@conform-to/zod/v4";
import type { Db } from "#db/types";
import type { CommandActor } from "~/lib/commands/actor.server";
import { moveCareCase } from "~/lib/commands/move-case.server";
import { recordCardVaccineDose } from "~/lib/commands/record-card-dose.server";
import { recordAntenatalEncounter, recordChildEncounter, type CaseRef } from "~/lib/commands/record-encounter.server";
import { changeReferralStatus, sendReferral } from "~/lib/commands/referral.server";
import { notFound } from "~/lib/auth.server";
import { intentReply } from "~/lib/intent.server";
import { dayOf } from "~/lib/time.server";
import { antenatalEncounterSchema, childEncounterSchema, moveCaseSchema, referralSchema, referralStatusSchema } from "~/lib/schemas/care";
import { cardDoseSchema } from "~/lib/schemas/vaccination";
import { redirectWithFlash } from "~/lib/session.server";

export const caseIntents = ["child", "antenatal", "cardDose", "referral", "referralStatus", "move"] as const;
export type CaseIntent = (typeof caseIntents)[number];

export interface CaseActionArgs {
  formData: FormData;
  db: Db;
  actor: CommandActor;
  facility: { id: number; code: string };
  careCase: CaseRef;
  timeZone: string;
  /** YYYY-MM-DD where the facility is. */
  today: string;
}

const casePath = ({ facility, careCase }: CaseActionArgs) => `/facilities/${facility.code}/care/${careCase.code}`;

function encounterRecorded(args: CaseActionArgs, referralSuggested: boolean) {
  return redirectWithFlash(casePath(args), {
    kind: "success",
    message: referralSuggested ? "care.encounterRecordedRefer" : "care.encounterRecorded",
  });
}

export async function childEncounterAction(args: CaseActionArgs) {
  const submission = parseWithZod(args.formData, { schema: childEncounterSchema({ timeZone: args.timeZone }) });
  if (submission.status !== "success") return intentReply("child", submission.reply());
  const v = submission.value;
  const outcome = await recordChildEncounter(
    args.db,
    args.actor,
    {
      facilityId: args.facility.id,
      careCase: args.careCase,
      occurredAt: v.occurredAt,
      day: dayOf(v.occurredAt),
      weightKg: v.weightKg,
      heightCm: v.heightCm,
      muacMm: v.muacMm,
      oedema: v.oedema,
      dangerSigns: v.dangerSigns,
      notes: v.notes,
    },
    v.idempotencyKey,
  );
  if (outcome.status === "invalid") return intentReply("child", submission.reply({ formErrors: outcome.formErrors }));
  return encounterRecorded(args, outcome.referralSuggested);
}

export async function antenatalEncounterAction(args: CaseActionArgs) {
  const submission = parseWithZod(args.formData, { schema: antenatalEncounterSchema({ timeZone: args.timeZone, today: args.today }) });
  if (submission.status !== "success") return intentReply("antenatal", submission.reply());
  const v = submission.value;
  const outcome = await recordAntenatalEncounter(
    args.db,
    args.actor,
    {
      facilityId: args.facility.id,
      careCase: args.careCase,
      occurredAt: v.occurredAt,
      day: dayOf(v.occurredAt),
      gestationalWeeks: v.gestationalWeeks,
      systolic: v.systolic,
      diastolic: v.diastolic,
      haemoglobinGL: v.haemoglobinGL,
      tdGiven: v.tdGiven,
      ironFolicGiven: v.ironFolicGiven,
      contactNumber: v.contactNumber,
      nextContactDate: v.nextContactDate || null,
      dangerSigns: v.dangerSigns,
      notes: v.notes,
    },
    v.idempotencyKey,
  );
  if (outcome.status === "invalid") return intentReply("antenatal", submission.reply({ formErrors: outcome.formErrors }));
  return encounterRecorded(args, outcome.referralSuggested);
}

export async function referralAction(args: CaseActionArgs) {
  const submission = parseWithZod(args.formData, { schema: referralSchema({ timeZone: args.timeZone }) });
  if (submission.status !== "success") return intentReply("referral", submission.reply());
  const v = submission.value;
  await sendReferral(
    args.db,
    args.actor,
    {
      facilityId: args.facility.id,
      careCase: args.careCase,
      hospital: v.hospital,
      urgency: v.urgency,
      reason: v.reason,
      sentAt: v.occurredAt,
    },
    v.idempotencyKey,
  );
  return redirectWithFlash(casePath(args), { kind: "success", message: "care.referralRecorded", params: { hospital: v.hospital } });
}

export async function referralStatusAction(args: CaseActionArgs) {
  const submission = parseWithZod(args.formData, { schema: referralStatusSchema });
  if (submission.status !== "success") return intentReply("referralStatus", submission.reply());
  const v = submission.value;
  const outcome = await changeReferralStatus(args.db, args.actor, {
    facilityId: args.facility.id,
    careCase: args.careCase,
    referralId: v.referralId,
    status: v.status,
  });
  if (outcome.status === "not-found") notFound();
  return redirectWithFlash(casePath(args), { kind: "success", message: "care.referralUpdated" });
}

/** The case goes with the person to another facility of the network. */
export async function moveCaseAction(args: CaseActionArgs) {
  const submission = parseWithZod(args.formData, { schema: moveCaseSchema });
  if (submission.status !== "success") return intentReply("move", submission.reply());
  const outcome = await moveCareCase(args.db, args.actor, {
    facility: args.facility,
    careCase: args.careCase,
    toFacility: submission.value.toFacility,
  });
  if (outcome.status === "invalid") return intentReply("move", submission.reply({ fieldErrors: outcome.fieldErrors }));
  if (outcome.status === "not-found") notFound();
  return redirectWithFlash(`/facilities/${args.facility.code}/care`, {
    kind: "success",
    message: "care.moved",
    params: { code: args.careCase.code, facility: outcome.destination.name },
  });
}

/** A dose given elsewhere, read from a card: no stock moves; it counts in the schedule. */
export async function cardDoseAction(args: CaseActionArgs) {
  const submission = parseWithZod(args.formData, { schema: cardDoseSchema({ today: args.today, birthDate: args.careCase.birthDate }) });
  if (submission.status !== "success") return intentReply("cardDose", submission.reply());
  const v = submission.value;
  const outcome = await recordCardVaccineDose(
    args.db,
    args.actor,
    {
      facilityId: args.facility.id,
      careCase: args.careCase,
      vaccine: v.vaccine,
      doseNumber: v.doseNumber,
      givenOn: v.givenOn,
      place: v.place,
      country: v.country,
      lotNumber: v.lotNumber,
    },
    v.idempotencyKey,
    { timeZone: args.timeZone, today: args.today },
  );
  if (outcome.status === "invalid") return intentReply("cardDose", submission.reply({ fieldErrors: outcome.fieldErrors }));
  if (outcome.status === "duplicate") return redirectWithFlash(casePath(args), { kind: "info", message: "vaccination.alreadyRecorded" });
  return redirectWithFlash(casePath(args), {
    kind: outcome.warnings.length ? "info" : "success",
    message: outcome.warnings.length ? "vaccination.card.recordedWithWarning" : "vaccination.card.recorded",
    params: { vaccine: v.vaccine, dose: v.doseNumber },
  });
}
