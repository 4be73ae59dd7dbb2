import { and, asc, count, desc, eq, gte, inArray, isNotNull, lte, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { careCases, careEncounters, facilities, items, lots, norms, referrals, vaccineDoses } from "./schema";
import type { Db } from "./types";
import { DEFAULT_SMALL_CELL_NORM } from "../app/lib/domain/small-cells";
import { addDays, zonedDay } from "../app/lib/time";

/**
 * Read-only care reports: the follow-up list of a facility, the care summary card of one case,
 * and the aggregate counts planners see. Every query names its facility in the where clause and
 * selects explicit columns. The aggregate queries never select a name, code, birth date or
 * document: they return counts only, so nothing identifying can leak to a planner's page.
 */

const DAY_MS = 86_400_000;
export { addDays };

/** Stays at a station last 1-6 days: from the third day on, a person may leave any time. */
export const LEAVING_SOON_AFTER_DAYS = 3;
/** SAM and MAM children are seen again weekly. */
export const NUTRITION_FOLLOW_UP_DAYS = 7;

export type FollowUpKind = "nutrition" | "antenatal" | "vaccine";
export type FollowUpState = "overdue" | "due" | "upcoming";

export interface FollowUpRow {
  kind: FollowUpKind;
  caseId: number;
  caseCode: string;
  name: string;
  pregnant: boolean;
  arrivalDate: string;
  dueDate: string;
  state: FollowUpState;
  leavingSoon: boolean;
  /** nutrition: sam | mam; antenatal: the next contact number; vaccine: the item code and dose. */
  detail: string;
  itemCode?: string;
  itemNameEs?: string;
  itemNameEn?: string;
  doseNumber?: number;
  nutrition?: "sam" | "mam";
  contactNumber?: number | null;
}

export function followUpState(dueDate: string, today: string): FollowUpState {
  if (dueDate < today) return "overdue";
  if (dueDate === today) return "due";
  return "upcoming";
}

export function isLeavingSoon(arrivalDate: string, today: string): boolean {
  return arrivalDate <= addDays(today, -LEAVING_SOON_AFTER_DAYS);
}

/**
 * Due and overdue follow-ups of the open cases at a facility, up to `horizonDays` ahead:
 * SAM/MAM children a week after their last screening, the next antenatal contact, and the next
 * vaccine dose due (only from a case's latest dose of each vaccine).
 */
export async function listFollowUps(
  db: Db,
  facilityId: number,
  today: string,
  options: { horizonDays?: number; kind?: FollowUpKind; timeZone?: string } = {},
): Promise<FollowUpRow[]> {
  const until = addDays(today, options.horizonDays ?? 7);
  const rows: FollowUpRow[] = [];
  const base = (c: {
    caseId: number;
    caseCode: string;
    name: string;
    pregnant: boolean;
    arrivalDate: string;
  }) => ({ ...c, leavingSoon: isLeavingSoon(c.arrivalDate, today) });

  if (!options.kind || options.kind === "nutrition") {
    // The latest child encounter of each open case at the facility.
    const latest = db
      .selectDistinctOn([careEncounters.caseId], {
        caseId: careEncounters.caseId,
        nutrition: careEncounters.nutrition,
        occurredAt: careEncounters.occurredAt,
      })
      .from(careEncounters)
      .innerJoin(careCases, eq(careCases.id, careEncounters.caseId))
      .where(
        and(
          eq(careCases.facilityId, facilityId),
          eq(careCases.status, "open"),
          eq(careEncounters.kind, "child"),
          isNotNull(careEncounters.nutrition),
        ),
      )
      .orderBy(careEncounters.caseId, desc(careEncounters.occurredAt), desc(careEncounters.id))
      .as("latest");
    const found = await db
      .select({
        caseId: careCases.id,
        caseCode: careCases.code,
        name: careCases.name,
        pregnant: careCases.pregnant,
        arrivalDate: careCases.arrivalDate,
        nutrition: latest.nutrition,
        occurredAt: latest.occurredAt,
      })
      .from(latest)
      .innerJoin(careCases, eq(careCases.id, latest.caseId))
      .where(and(eq(careCases.facilityId, facilityId), inArray(latest.nutrition, ["sam", "mam"])));
    for (const r of found) {
      const dueDate = addDays(zonedDay(r.occurredAt, options.timeZone ?? "America/Panama"), NUTRITION_FOLLOW_UP_DAYS);
      if (dueDate > until) continue;
      const nutrition = r.nutrition as "sam" | "mam";
      rows.push({
        kind: "nutrition",
        ...base(r),
        dueDate,
        state: followUpState(dueDate, today),
        detail: nutrition,
        nutrition,
      });
    }
  }

  if (!options.kind || options.kind === "antenatal") {
    const latest = db
      .selectDistinctOn([careEncounters.caseId], {
        caseId: careEncounters.caseId,
        nextContactDate: careEncounters.nextContactDate,
        contactNumber: careEncounters.contactNumber,
      })
      .from(careEncounters)
      .innerJoin(careCases, eq(careCases.id, careEncounters.caseId))
      .where(and(eq(careCases.facilityId, facilityId), eq(careCases.status, "open"), eq(careEncounters.kind, "antenatal")))
      .orderBy(careEncounters.caseId, desc(careEncounters.occurredAt), desc(careEncounters.id))
      .as("latest_anc");
    const found = await db
      .select({
        caseId: careCases.id,
        caseCode: careCases.code,
        name: careCases.name,
        pregnant: careCases.pregnant,
        arrivalDate: careCases.arrivalDate,
        nextContactDate: latest.nextContactDate,
        contactNumber: latest.contactNumber,
      })
      .from(latest)
      .innerJoin(careCases, eq(careCases.id, latest.caseId))
      .where(and(eq(careCases.facilityId, facilityId), isNotNull(latest.nextContactDate), lte(latest.nextContactDate, until)));
    for (const r of found) {
      const dueDate = r.nextContactDate!;
      const next = r.contactNumber == null ? null : r.contactNumber + 1;
      rows.push({
        kind: "antenatal",
        ...base(r),
        dueDate,
        state: followUpState(dueDate, today),
        detail: next == null ? "" : String(next),
        contactNumber: next,
      });
    }
  }

  if (!options.kind || options.kind === "vaccine") {
    // The latest dose (given) of each vaccine per open case, when it names a next dose.
    const latest = db
      .selectDistinctOn([vaccineDoses.caseId, vaccineDoses.itemId], {
        caseId: vaccineDoses.caseId,
        itemId: vaccineDoses.itemId,
        doseNumber: vaccineDoses.doseNumber,
        nextDueDate: vaccineDoses.nextDueDate,
      })
      .from(vaccineDoses)
      .innerJoin(careCases, eq(careCases.id, vaccineDoses.caseId))
      .where(and(eq(careCases.facilityId, facilityId), eq(careCases.status, "open"), eq(vaccineDoses.status, "given")))
      .orderBy(vaccineDoses.caseId, vaccineDoses.itemId, desc(vaccineDoses.doseNumber), desc(vaccineDoses.occurredAt))
      .as("latest_dose");
    const found = await db
      .select({
        caseId: careCases.id,
        caseCode: careCases.code,
        name: careCases.name,
        pregnant: careCases.pregnant,
        arrivalDate: careCases.arrivalDate,
        nextDueDate: latest.nextDueDate,
        doseNumber: latest.doseNumber,
        itemCode: items.code,
        itemNameEs: items.nameEs,
        itemNameEn: items.nameEn,
      })
      .from(latest)
      .innerJoin(careCases, eq(careCases.id, latest.caseId))
      .innerJoin(items, eq(items.id, latest.itemId))
      .where(and(eq(careCases.facilityId, facilityId), isNotNull(latest.nextDueDate), lte(latest.nextDueDate, until)));
    for (const r of found) {
      const dueDate = r.nextDueDate!;
      rows.push({
        kind: "vaccine",
        caseId: r.caseId,
        caseCode: r.caseCode,
        name: r.name,
        pregnant: r.pregnant,
        arrivalDate: r.arrivalDate,
        leavingSoon: isLeavingSoon(r.arrivalDate, today),
        dueDate,
        state: followUpState(dueDate, today),
        detail: `${r.itemCode} #${r.doseNumber + 1}`,
        itemCode: r.itemCode,
        itemNameEs: r.itemNameEs,
        itemNameEn: r.itemNameEn,
        doseNumber: r.doseNumber + 1,
      });
    }
  }

  // Most urgent first; people about to leave before others due the same day.
  return rows.sort(
    (a, b) =>
      a.dueDate.localeCompare(b.dueDate) ||
      Number(b.leavingSoon) - Number(a.leavingSoon) ||
      a.caseCode.localeCompare(b.caseCode) ||
      a.kind.localeCompare(b.kind),
  );
}

/** The case behind a summary card, only if it is at the facility. */
export async function getSummaryCase(db: Db, facilityId: number, code: string) {
  const [row] = await db
    .select({
      id: careCases.id,
      code: careCases.code,
      name: careCases.name,
      sex: careCases.sex,
      birthDate: careCases.birthDate,
      birthDateEstimated: careCases.birthDateEstimated,
      nationality: careCases.nationality,
      pregnant: careCases.pregnant,
      lastMenstrualPeriod: careCases.lastMenstrualPeriod,
      estimatedDueDate: careCases.estimatedDueDate,
      arrivalDate: careCases.arrivalDate,
      status: careCases.status,
    })
    .from(careCases)
    .where(and(eq(careCases.facilityId, facilityId), eq(careCases.code, code)))
    .limit(1);
  return row;
}

/** Everything the summary card prints for a case (already scoped to the facility by getSummaryCase). */
export async function getSummaryDetails(db: Db, facilityId: number, caseId: number) {
  // The case must be at the facility: every query joins it and checks.
  const atFacility = and(eq(careCases.id, caseId), eq(careCases.facilityId, facilityId));
  const doses = await db
    .select({
      itemCode: items.code,
      itemNameEs: items.nameEs,
      itemNameEn: items.nameEn,
      doseNumber: vaccineDoses.doseNumber,
      occurredAt: vaccineDoses.occurredAt,
      lotNumber: lots.lotNumber,
      nextDueDate: vaccineDoses.nextDueDate,
      source: vaccineDoses.source,
      cardLotNumber: vaccineDoses.cardLotNumber,
    })
    .from(vaccineDoses)
    .innerJoin(careCases, eq(careCases.id, vaccineDoses.caseId))
    .innerJoin(items, eq(items.id, vaccineDoses.itemId))
    .leftJoin(lots, eq(lots.id, vaccineDoses.lotId))
    .where(and(atFacility, eq(vaccineDoses.status, "given")))
    .orderBy(asc(vaccineDoses.occurredAt), asc(vaccineDoses.id));

  const [nutrition] = await db
    .select({
      occurredAt: careEncounters.occurredAt,
      nutrition: careEncounters.nutrition,
      muacMm: careEncounters.muacMm,
      oedema: careEncounters.oedema,
      weightKg: careEncounters.weightKg,
      heightCm: careEncounters.heightCm,
      rutfSachetsPerDay: careEncounters.rutfSachetsPerDay,
    })
    .from(careEncounters)
    .innerJoin(careCases, eq(careCases.id, careEncounters.caseId))
    .where(and(atFacility, eq(careEncounters.kind, "child")))
    .orderBy(desc(careEncounters.occurredAt), desc(careEncounters.id))
    .limit(1);

  const [antenatal] = await db
    .select({
      occurredAt: careEncounters.occurredAt,
      gestationalWeeks: careEncounters.gestationalWeeks,
      systolic: careEncounters.systolic,
      diastolic: careEncounters.diastolic,
      haemoglobinGL: careEncounters.haemoglobinGL,
      anaemia: careEncounters.anaemia,
      tdGiven: careEncounters.tdGiven,
      ironFolicGiven: careEncounters.ironFolicGiven,
      contactNumber: careEncounters.contactNumber,
      nextContactDate: careEncounters.nextContactDate,
    })
    .from(careEncounters)
    .innerJoin(careCases, eq(careCases.id, careEncounters.caseId))
    .where(and(atFacility, eq(careEncounters.kind, "antenatal")))
    .orderBy(desc(careEncounters.occurredAt), desc(careEncounters.id))
    .limit(1);

  const [anc] = await db
    .select({ contacts: count() })
    .from(careEncounters)
    .innerJoin(careCases, eq(careCases.id, careEncounters.caseId))
    .where(and(atFacility, eq(careEncounters.kind, "antenatal")));

  const referralRows = await db
    .select({
      hospital: referrals.hospital,
      urgency: referrals.urgency,
      reason: referrals.reason,
      status: referrals.status,
      sentAt: referrals.sentAt,
    })
    .from(referrals)
    .innerJoin(careCases, eq(careCases.id, referrals.caseId))
    .where(atFacility)
    .orderBy(asc(referrals.sentAt), asc(referrals.id));

  return {
    doses,
    nutrition: nutrition ?? null,
    antenatal: antenatal ? { ...antenatal, contacts: Number(anc?.contacts ?? 0) } : null,
    referrals: referralRows,
  };
}

export interface FacilityCareAggregate {
  facilityId: number;
  facilityCode: string;
  facilityName: string;
  /** Cases by type and status. */
  cases: { child: { open: number; closed: number }; pregnant: { open: number; closed: number } };
  sam: number;
  mam: number;
  /** Doses given here (drawn from stock) in the last 30 days. */
  dosesLast30Days: number;
  /** Doses given elsewhere, copied from a card here in the last 30 days (by when they were recorded). */
  cardDosesLast30Days: number;
  referrals: { sent: number; arrived: number; returned: number };
}

/**
 * Aggregate care counts per facility: counts only, never a person. `facilityIds` limits the
 * facilities (a health worker's own); undefined means every facility (planners, admins).
 * SAM and MAM count open cases whose latest child screening is SAM or MAM.
 */
export async function careAggregates(
  db: Db,
  options: { facilityIds?: number[]; now: Date },
): Promise<FacilityCareAggregate[]> {
  const scoped = options.facilityIds;
  if (scoped && scoped.length === 0) return [];
  const inScope = (column: AnyPgColumn) => (scoped ? inArray(column, scoped) : undefined);

  const facilityRows = await db
    .select({ id: facilities.id, code: facilities.code, name: facilities.name })
    .from(facilities)
    .where(inScope(facilities.id))
    .orderBy(asc(facilities.name));

  const result = new Map<number, FacilityCareAggregate>(
    facilityRows.map((f) => [
      f.id,
      {
        facilityId: f.id,
        facilityCode: f.code,
        facilityName: f.name,
        cases: { child: { open: 0, closed: 0 }, pregnant: { open: 0, closed: 0 } },
        sam: 0,
        mam: 0,
        dosesLast30Days: 0,
        cardDosesLast30Days: 0,
        referrals: { sent: 0, arrived: 0, returned: 0 },
      },
    ]),
  );

  const caseCounts = await db
    .select({ facilityId: careCases.facilityId, pregnant: careCases.pregnant, status: careCases.status, n: count() })
    .from(careCases)
    .where(inScope(careCases.facilityId))
    .groupBy(careCases.facilityId, careCases.pregnant, careCases.status);
  for (const r of caseCounts) {
    const f = result.get(r.facilityId);
    if (f) f.cases[r.pregnant ? "pregnant" : "child"][r.status] += Number(r.n);
  }

  // Each open case's latest screening, looked up case by case (the encounters' case index):
  // a join over the encounters made the planner read every screening ever recorded.
  // Written out: drizzle leaves a lone table's columns unqualified, and inside the subquery
  // "id" would be the encounter's.
  const latestNutrition = sql<string | null>`(
    select e.nutrition from care_encounters e
    where e.case_id = care_cases.id and e.kind = 'child' and e.nutrition is not null
    order by e.occurred_at desc, e.id desc limit 1)`;
  const latest = db
    .select({ facilityId: careCases.facilityId, nutrition: latestNutrition.as("nutrition") })
    .from(careCases)
    .where(and(inScope(careCases.facilityId), eq(careCases.status, "open")))
    .as("latest");
  const nutritionCounts = await db
    .select({ facilityId: latest.facilityId, nutrition: latest.nutrition, n: count() })
    .from(latest)
    .where(inArray(latest.nutrition, ["sam", "mam"]))
    .groupBy(latest.facilityId, latest.nutrition);
  for (const r of nutritionCounts) {
    const f = result.get(Number(r.facilityId));
    if (f && (r.nutrition === "sam" || r.nutrition === "mam")) f[r.nutrition] += Number(r.n);
  }

  const since = new Date(options.now.getTime() - 30 * DAY_MS);
  const doseCounts = await db
    .select({ facilityId: vaccineDoses.facilityId, n: count() })
    .from(vaccineDoses)
    // The facilities named even when every one is asked for: the (facility, time) index then
    // reads the 30 days only, where a bare time range read every dose ever given.
    .where(
      and(
        inArray(vaccineDoses.facilityId, [...result.keys()]),
        eq(vaccineDoses.status, "given"),
        eq(vaccineDoses.source, "here"),
        gte(vaccineDoses.occurredAt, since),
      ),
    )
    .groupBy(vaccineDoses.facilityId);
  for (const r of doseCounts) {
    const f = result.get(r.facilityId);
    if (f) f.dosesLast30Days += Number(r.n);
  }
  // Doses from cards apart: given elsewhere, often years ago, so counted by when they were
  // copied here (the partial card index reads only those).
  const cardCounts = await db
    .select({ facilityId: vaccineDoses.facilityId, n: count() })
    .from(vaccineDoses)
    .where(and(inArray(vaccineDoses.facilityId, [...result.keys()]), eq(vaccineDoses.source, "card"), gte(vaccineDoses.recordedAt, since)))
    .groupBy(vaccineDoses.facilityId);
  for (const r of cardCounts) {
    const f = result.get(r.facilityId);
    if (f) f.cardDosesLast30Days += Number(r.n);
  }

  const referralCounts = await db
    .select({ facilityId: referrals.facilityId, status: referrals.status, n: count() })
    .from(referrals)
    .where(inScope(referrals.facilityId))
    .groupBy(referrals.facilityId, referrals.status);
  for (const r of referralCounts) {
    const f = result.get(r.facilityId);
    if (f) f.referrals[r.status] += Number(r.n);
  }

  return [...result.values()];
}

/**
 * The small-cell norm for care aggregates: the `small_cell_norm` row of the norms table when there
 * is one, else the shipped default (5). No migration adds the row yet (issue 14 kept to one
 * migration); an administrator's value is taken as a whole number from 1 (no suppression) to 100.
 */
export async function loadSmallCellNorm(db: Db): Promise<number> {
  const [row] = await db.select({ value: norms.value }).from(norms).where(eq(norms.key, "small_cell_norm"));
  if (!row || !Number.isFinite(row.value)) return DEFAULT_SMALL_CELL_NORM;
  return Math.min(100, Math.max(1, Math.round(row.value)));
}
