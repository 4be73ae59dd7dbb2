import { and, desc, eq, isNotNull } from "drizzle-orm";
import { careCases, careEncounters } from "#db/schema";
import type { Db } from "#db/types";
import { addDays, startOfZonedDay } from "./time";

/**
 * Care-driven demand, for the planning issue (demand per item per day, issue "planning").
 *
 * RUTF: `samChildrenInTreatment(db, facilityId, today)` lists the children in SAM treatment at
 * a facility: open child cases whose LATEST child screening (the latest child encounter that
 * classified nutrition; one recording only a weight does not end treatment; at any facility,
 * since cases move with the person) classified them SAM and happened within the last `SAM_TREATMENT_WINDOW_DAYS`
 * (8 weeks: a child not screened again for 8 weeks is no longer counted as in treatment there).
 * Each row carries the RUTF sachets per day prescribed at that encounter (from the weight band,
 * app/lib/domain/care.ts `rutfSachetsPerDay`), or null when none was prescribed.
 *
 * The planner's RUTF demand per day at a facility is then
 *   sum(rows.map(r => r.rutfSachetsPerDay ?? fallback))
 * where `fallback` is the norm for a child of unknown weight (the planning issue decides it;
 * `rutfSachetsPerDayTotal` below uses none, so it counts prescribed sachets only).
 * A child MAM-or-better at a later screening is no longer in SAM treatment.
 *
 * Reads one facility's open cases with an index (care_cases_facility_idx) and each case's
 * encounters (care_encounters_case_idx); it never scans all history.
 */
export const SAM_TREATMENT_WINDOW_DAYS = 56;

export interface SamChild {
  caseId: number;
  /** When the SAM screening was recorded. */
  screenedAt: Date;
  rutfSachetsPerDay: number | null;
  weightKg: number | null;
}

export async function samChildrenInTreatment(
  db: Db,
  facilityId: number,
  today: string,
  timeZone = "America/Panama",
): Promise<SamChild[]> {
  const since = startOfZonedDay(addDays(today, -SAM_TREATMENT_WINDOW_DAYS), timeZone);
  const endOfToday = startOfZonedDay(addDays(today, 1), timeZone);
  const latest = await db
    .selectDistinctOn([careEncounters.caseId], {
      caseId: careEncounters.caseId,
      occurredAt: careEncounters.occurredAt,
      nutrition: careEncounters.nutrition,
      rutfSachetsPerDay: careEncounters.rutfSachetsPerDay,
      weightKg: careEncounters.weightKg,
    })
    .from(careEncounters)
    .innerJoin(careCases, eq(careCases.id, careEncounters.caseId))
    .where(
      and(
        eq(careCases.facilityId, facilityId),
        eq(careCases.status, "open"),
        eq(careCases.pregnant, false),
        eq(careEncounters.kind, "child"),
        isNotNull(careEncounters.nutrition),
      ),
    )
    .orderBy(careEncounters.caseId, desc(careEncounters.occurredAt), desc(careEncounters.id));
  return latest
    .filter((r) => r.nutrition === "sam" && r.occurredAt >= since && r.occurredAt < endOfToday)
    .map((r) => ({
      caseId: r.caseId,
      screenedAt: r.occurredAt,
      rutfSachetsPerDay: r.rutfSachetsPerDay,
      weightKg: r.weightKg,
    }));
}

/** The prescribed RUTF sachets per day at a facility (children without a prescription add 0). */
export function rutfSachetsPerDayTotal(children: readonly SamChild[]): number {
  return children.reduce((sum, c) => sum + (c.rutfSachetsPerDay ?? 0), 0);
}
