import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, ilike, or, sql } from "drizzle-orm";
import { caseCodeFrom, normaliseCaseCode, type NutritionClass } from "../app/lib/domain/care";
import { careCases, careEncounters, facilities, items, lots, referrals, vaccineDoses } from "./schema";
import { findAuditedWithKey } from "./audit.server";
import type { Db } from "./types";

export type Sex = (typeof careCases.sex.enumValues)[number];
export type ReferralUrgency = (typeof referrals.urgency.enumValues)[number];
export type ReferralStatus = (typeof referrals.status.enumValues)[number];

export interface CaseInput {
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
  estimatedDueDate: string | null;
  arrivalDate: string;
}

const UNIQUE_VIOLATION = "23505";

function sqlState(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Registers a case under a fresh random code. A code already taken (one chance in about a
 * trillion per case) is retried with another; the insert runs in a savepoint so that the
 * surrounding transaction survives the conflict.
 */
export async function registerCase(
  db: Db,
  input: CaseInput,
  createdBy: number | null,
  newCode: () => string = () => caseCodeFrom(randomBytes(8)),
): Promise<{ id: number; code: string }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = newCode();
    try {
      const [row] = await db.transaction(async (sp) =>
        sp
          .insert(careCases)
          .values({ ...input, code, createdBy })
          .returning({ id: careCases.id, code: careCases.code }),
      );
      if (row) return row;
    } catch (error) {
      if (sqlState(error) !== UNIQUE_VIOLATION) throw error;
    }
  }
  throw new Error("Could not find a free case code");
}

const listColumns = {
  id: careCases.id,
  code: careCases.code,
  name: careCases.name,
  sex: careCases.sex,
  birthDate: careCases.birthDate,
  birthDateEstimated: careCases.birthDateEstimated,
  pregnant: careCases.pregnant,
  estimatedDueDate: careCases.estimatedDueDate,
  arrivalDate: careCases.arrivalDate,
  familyGroup: careCases.familyGroup,
  status: careCases.status,
};

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Cases at the facility whose code is what was typed or whose name contains it. */
export async function searchCases(db: Db, facilityId: number, query: string, limit = 50) {
  const typed = query.trim();
  if (typed === "") return [];
  const code = normaliseCaseCode(typed);
  return db
    .select(listColumns)
    .from(careCases)
    .where(
      and(
        eq(careCases.facilityId, facilityId),
        or(eq(careCases.code, code), ilike(careCases.name, `%${escapeLike(typed)}%`)),
      ),
    )
    .orderBy(desc(careCases.arrivalDate), asc(careCases.code))
    .limit(limit);
}

export async function listOpenCases(db: Db, facilityId: number, limit = 200) {
  return db
    .select(listColumns)
    .from(careCases)
    .where(and(eq(careCases.facilityId, facilityId), eq(careCases.status, "open")))
    .orderBy(desc(careCases.arrivalDate), asc(careCases.code))
    .limit(limit);
}

/**
 * Cases at the facility that may be the same person: the same document number, or the same
 * name (case-insensitive) with the same birth date or no birth date on either side.
 */
export async function possibleDuplicates(
  db: Db,
  facilityId: number,
  candidate: { name: string; birthDate: string | null; documentNumber: string },
) {
  const name = candidate.name.trim();
  const documentNumber = candidate.documentNumber.trim();
  const matches = [
    documentNumber ? sql`lower(${careCases.documentNumber}) = lower(${documentNumber})` : undefined,
    name
      ? and(
          sql`lower(${careCases.name}) = lower(${name})`,
          candidate.birthDate
            ? or(eq(careCases.birthDate, candidate.birthDate), sql`${careCases.birthDate} is null`)
            : undefined,
        )
      : undefined,
  ].filter((m) => m !== undefined);
  if (matches.length === 0) return [];
  return db
    .select(listColumns)
    .from(careCases)
    .where(and(eq(careCases.facilityId, facilityId), or(...matches)))
    .orderBy(desc(careCases.arrivalDate))
    .limit(10);
}

/** One case by its code, only if it is at the facility. */
export async function getCase(db: Db, facilityId: number, code: string) {
  const [row] = await db
    .select({
      ...listColumns,
      facilityId: careCases.facilityId,
      documentNumber: careCases.documentNumber,
      nationality: careCases.nationality,
      lastMenstrualPeriod: careCases.lastMenstrualPeriod,
      createdAt: careCases.createdAt,
    })
    .from(careCases)
    .where(and(eq(careCases.facilityId, facilityId), eq(careCases.code, normaliseCaseCode(code))))
    .limit(1);
  return row;
}

export async function listCaseEncounters(db: Db, caseId: number) {
  return db
    .select({
      id: careEncounters.id,
      kind: careEncounters.kind,
      occurredAt: careEncounters.occurredAt,
      facilityCode: facilities.code,
      weightKg: careEncounters.weightKg,
      heightCm: careEncounters.heightCm,
      muacMm: careEncounters.muacMm,
      oedema: careEncounters.oedema,
      nutrition: careEncounters.nutrition,
      rutfSachetsPerDay: careEncounters.rutfSachetsPerDay,
      gestationalWeeks: careEncounters.gestationalWeeks,
      systolic: careEncounters.systolic,
      diastolic: careEncounters.diastolic,
      haemoglobinGL: careEncounters.haemoglobinGL,
      anaemia: careEncounters.anaemia,
      tdGiven: careEncounters.tdGiven,
      ironFolicGiven: careEncounters.ironFolicGiven,
      contactNumber: careEncounters.contactNumber,
      nextContactDate: careEncounters.nextContactDate,
      dangerSigns: careEncounters.dangerSigns,
      notes: careEncounters.notes,
    })
    .from(careEncounters)
    .innerJoin(facilities, eq(facilities.id, careEncounters.facilityId))
    .where(eq(careEncounters.caseId, caseId))
    .orderBy(desc(careEncounters.occurredAt), desc(careEncounters.id))
    .limit(200);
}

export interface EncounterInput {
  caseId: number;
  facilityId: number;
  kind: "child" | "antenatal";
  occurredAt: Date;
  idempotencyKey: string;
  weightKg?: number | null;
  heightCm?: number | null;
  muacMm?: number | null;
  oedema?: boolean | null;
  nutrition?: NutritionClass | null;
  rutfSachetsPerDay?: number | null;
  gestationalWeeks?: number | null;
  systolic?: number | null;
  diastolic?: number | null;
  haemoglobinGL?: number | null;
  anaemia?: boolean | null;
  tdGiven?: boolean | null;
  ironFolicGiven?: boolean | null;
  contactNumber?: number | null;
  nextContactDate?: string | null;
  dangerSigns: string[];
  notes: string;
}

/** Appends an encounter once per idempotency key; a repeat returns the first one's id. */
export async function insertEncounter(
  db: Db,
  input: EncounterInput,
  recordedBy: number | null,
): Promise<{ status: "created" | "duplicate"; id: number }> {
  const [row] = await db
    .insert(careEncounters)
    .values({ ...input, recordedBy })
    .onConflictDoNothing({ target: careEncounters.idempotencyKey })
    .returning({ id: careEncounters.id });
  if (row) return { status: "created", id: row.id };
  const [existing] = await db
    .select({ id: careEncounters.id })
    .from(careEncounters)
    .where(eq(careEncounters.idempotencyKey, input.idempotencyKey))
    .limit(1);
  if (!existing) throw new Error("encounter idempotency conflict without a row");
  return { status: "duplicate", id: existing.id };
}

export async function listCaseReferrals(db: Db, caseId: number) {
  return db
    .select({
      id: referrals.id,
      hospital: referrals.hospital,
      urgency: referrals.urgency,
      reason: referrals.reason,
      status: referrals.status,
      sentAt: referrals.sentAt,
      updatedAt: referrals.updatedAt,
    })
    .from(referrals)
    .where(eq(referrals.caseId, caseId))
    .orderBy(desc(referrals.sentAt), desc(referrals.id));
}

export async function insertReferral(
  db: Db,
  input: { caseId: number; facilityId: number; hospital: string; urgency: ReferralUrgency; reason: string; sentAt: Date },
  createdBy: number | null,
): Promise<number> {
  const [row] = await db
    .insert(referrals)
    .values({ ...input, createdBy })
    .returning({ id: referrals.id });
  if (!row) throw new Error("referral not inserted");
  return row.id;
}

/** Changes a referral's status; only a referral of that case. Returns the previous status. */
export async function updateReferralStatus(
  db: Db,
  caseId: number,
  referralId: number,
  status: ReferralStatus,
): Promise<ReferralStatus | undefined> {
  const [before] = await db
    .select({ status: referrals.status })
    .from(referrals)
    .where(and(eq(referrals.id, referralId), eq(referrals.caseId, caseId)))
    .for("update");
  if (!before) return undefined;
  await db
    .update(referrals)
    .set({ status, updatedAt: new Date() })
    .where(and(eq(referrals.id, referralId), eq(referrals.caseId, caseId)));
  return before.status;
}

/** Moves a case with the person; only from the facility it is at. False when it is not there. */
export async function moveCase(db: Db, caseId: number, fromFacilityId: number, toFacilityId: number): Promise<boolean> {
  const rows = await db
    .update(careCases)
    .set({ facilityId: toFacilityId, updatedAt: new Date() })
    .where(and(eq(careCases.id, caseId), eq(careCases.facilityId, fromFacilityId)))
    .returning({ id: careCases.id });
  return rows.length === 1;
}

/** The case's vaccine doses (read-only here; the vaccination module records them). */
export async function listCaseDoses(db: Db, caseId: number) {
  return db
    .select({
      id: vaccineDoses.id,
      itemNameEs: items.nameEs,
      itemNameEn: items.nameEn,
      doseNumber: vaccineDoses.doseNumber,
      status: vaccineDoses.status,
      occurredAt: vaccineDoses.occurredAt,
      lotNumber: lots.lotNumber,
      notGivenReason: vaccineDoses.notGivenReason,
      nextDueDate: vaccineDoses.nextDueDate,
      source: vaccineDoses.source,
      place: vaccineDoses.place,
      country: vaccineDoses.country,
      cardLotNumber: vaccineDoses.cardLotNumber,
    })
    .from(vaccineDoses)
    .innerJoin(items, eq(items.id, vaccineDoses.itemId))
    .leftJoin(lots, eq(lots.id, vaccineDoses.lotId))
    .where(eq(vaccineDoses.caseId, caseId))
    .orderBy(desc(vaccineDoses.occurredAt))
    .limit(100);
}

/**
 * The id of what this user already created with this form's idempotency key (cases and
 * referrals carry their key in the audit entry of their creation, which is written in the
 * same transaction; see findAuditedWithKey).
 */
export async function findCreatedWithKey(
  db: Db,
  userId: number,
  entity: "care_case" | "referral",
  idempotencyKey: string,
): Promise<string | undefined> {
  return findAuditedWithKey(db, { userId, entity, action: "create", idempotencyKey });
}

/** A case's code by id, only at the facility (for redirects after an idempotent repeat). */
export async function caseCodeById(db: Db, facilityId: number, caseId: number): Promise<string | undefined> {
  const [row] = await db
    .select({ code: careCases.code })
    .from(careCases)
    .where(and(eq(careCases.id, caseId), eq(careCases.facilityId, facilityId)))
    .limit(1);
  return row?.code;
}
