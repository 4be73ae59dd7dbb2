import { asc, eq } from "drizzle-orm";
import { defaultCapacityNorms, type CapacityNorms } from "../app/lib/domain/capacity";
import { planningLevelFromNorm, type PlanningLevel } from "../app/lib/domain/forecast";
import { norms } from "./schema";
import type { Db } from "./types";

export async function listNorms(db: Db) {
  return db
    .select({ key: norms.key, value: norms.value, unit: norms.unit, source: norms.source, updatedAt: norms.updatedAt })
    .from(norms)
    .orderBy(asc(norms.key));
}

export async function updateNorm(db: Db, key: string, value: number, userId: number) {
  await db.update(norms).set({ value, updatedBy: userId, updatedAt: new Date() }).where(eq(norms.key, key));
}

export interface OperatingNorms extends CapacityNorms {
  staleAfterHours: number;
}

/** The norms the capacity arithmetic uses, with the shipped defaults for any key not in the table. */
export async function loadOperatingNorms(db: Db): Promise<OperatingNorms> {
  const rows = await listNorms(db);
  const value = (key: string, fallback: number) => rows.find((r) => r.key === key)?.value ?? fallback;
  return {
    coveredAreaPerPerson: value("covered_area_per_person", defaultCapacityNorms.coveredAreaPerPerson),
    waterPerPersonDay: value("water_per_person_day", defaultCapacityNorms.waterPerPersonDay),
    peoplePerToilet: value("people_per_toilet", defaultCapacityNorms.peoplePerToilet),
    peoplePerToiletFirstPhase: value("people_per_toilet_first_phase", defaultCapacityNorms.peoplePerToiletFirstPhase),
    occupancyWarning: value("occupancy_warning", defaultCapacityNorms.occupancyWarning),
    occupancySaturated: value("occupancy_saturated", defaultCapacityNorms.occupancySaturated),
    staleAfterHours: value("stale_after_hours", 12),
  };
}

export interface PlanningNorms extends OperatingNorms {
  forecastHorizonDays: number;
  saturationAlertDays: number;
  lengthOfStayWindowDays: number;
  defaultLengthOfStayDays: number;
  busSize: number;
  reviewPeriodDays: number;
  /** What capacity and stock are planned on (migration 0011; decision 013). */
  planningLevel: PlanningLevel;
}

/** The operating norms plus the planning ones (migration 0009), with the shipped defaults. */
export async function loadPlanningNorms(db: Db): Promise<PlanningNorms> {
  const [operating, rows] = await Promise.all([loadOperatingNorms(db), listNorms(db)]);
  const value = (key: string, fallback: number) => rows.find((r) => r.key === key)?.value ?? fallback;
  const whole = (key: string, fallback: number, min: number, max: number) =>
    Math.min(max, Math.max(min, Math.round(value(key, fallback))));
  return {
    ...operating,
    forecastHorizonDays: whole("forecast_horizon_days", 14, 1, 28),
    saturationAlertDays: whole("saturation_alert_days", 7, 1, 28),
    lengthOfStayWindowDays: whole("length_of_stay_window_days", 28, 7, 365),
    defaultLengthOfStayDays: value("default_length_of_stay_days", 3),
    busSize: whole("bus_size", 50, 1, 500),
    reviewPeriodDays: whole("review_period_days", 14, 1, 180),
    planningLevel: planningLevelFromNorm(value("planning_level", 0.8)),
  };
}

export interface RequestNorms {
  /** An emergency request skips approval when its date falls within this many lead times. */
  emergencyLeadTimes: number;
  /** The learned lead time is the median of this many last received requests. */
  leadTimeSample: number;
}

/** The request norms (migration 0017; decision 022), with the shipped defaults. */
export async function loadRequestNorms(db: Db): Promise<RequestNorms> {
  const rows = await listNorms(db);
  const value = (key: string, fallback: number) => rows.find((r) => r.key === key)?.value ?? fallback;
  return {
    emergencyLeadTimes: Math.max(0, value("emergency_request_lead_times", 1)),
    leadTimeSample: Math.min(100, Math.max(1, Math.round(value("lead_time_sample_requests", 5)))),
  };
}
