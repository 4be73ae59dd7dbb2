import { findRecentTwin, recentArrivalSizes, type EntryOutcome } from "#db/census.server";
import { groupSizeCheck } from "./domain/plausibility";
import { loadOperatingNorms } from "#db/norms.server";
import { effectiveCapacity, occupancy, type CapacityInputs } from "./domain/capacity";
import { totalOf, type Counts } from "./domain/population";
import { getDb } from "./db.server";
import type { Db } from "#db/types";
import { messageWithParams } from "./i18n";
import { env } from "./env.server";
import { zonedDay } from "./time";

/** The calendar day of an instant in the deployment's time zone (the roll-ups' day). */
export function dayOf(instant: Date): string {
  return zonedDay(instant, env().ALBERGUE_TIME_ZONE);
}

/**
 * Field errors for an entry the ledger refused: each group that would go below zero says how
 * many are present; each subgroup that would outgrow its groups says the limit.
 */
export function refusalFieldErrors(outcome: EntryOutcome): Record<string, string[]> | null {
  if (outcome.status === "insufficient") {
    return Object.fromEntries(
      outcome.shortfalls.map((s) => [s.group, [messageWithParams("population.onlyPresent", { present: s.present })]]),
    );
  }
  if (outcome.status === "subgroups") {
    return Object.fromEntries(
      outcome.problems.map((p) => [p.group, [messageWithParams("population.subgroupLeftOver", { limit: p.limit })]]),
    );
  }
  return null;
}

/** Whether a census is above the facility's saturation level (people are never refused; this raises the alert). */
export async function overCapacityAfter(
  facility: Omit<CapacityInputs, "sanitationFirstPhase"> & { sanitationFirstPhase?: boolean },
  census: Counts,
): Promise<boolean> {
  const norms = await loadOperatingNorms(getDb());
  const { capacity } = effectiveCapacity({ ...facility, sanitationFirstPhase: facility.sanitationFirstPhase ?? false }, norms);
  return occupancy(totalOf(census), capacity, norms).status === "saturated";
}

/** The form field that says "yes, this is another group" (see repeatSuspected). */
export const CONFIRM_REPEAT_FIELD = "confirmRepeat";

/**
 * A form's question before recording a twin of an entry the same person made minutes ago
 * (same kind and counts, another key): Back and resubmit without JavaScript would otherwise
 * count a group twice. Null when there is no twin or the person confirmed it is another group.
 * Only forms ask: the API and offline replay are idempotent by their own keys.
 */
export async function repeatSuspected(
  formData: FormData,
  match: { facilityId: number; kind: "arrival" | "departure" | "transfer_out"; recordedBy: number; counts: Counts; idempotencyKey: string },
): Promise<string | null> {
  return repeatQuestion(getDb(), match, formData.get(CONFIRM_REPEAT_FIELD) === "yes");
}

/** repeatSuspected for a caller that has read the confirmation box already (the commands). */
export async function repeatQuestion(
  db: Db,
  match: { facilityId: number; kind: "arrival" | "departure" | "transfer_out"; recordedBy: number; counts: Counts; idempotencyKey: string },
  confirmed: boolean,
): Promise<string | null> {
  if (confirmed) return null;
  const twin = await findRecentTwin(db, match.facilityId, match);
  if (!twin) return null;
  const minutes = Math.max(0, Math.floor((Date.now() - twin.recordedAt.getTime()) / 60_000));
  return messageWithParams("population.repeatSuspected", { minutes, total: twin.total });
}

/** The form field that says "yes, the group really is that large" (see unusualSize). */
export const CONFIRM_SIZE_FIELD = "confirmSize";

/**
 * A form's question before recording a group far above the station's recent groups (4,000
 * typed for 40). Null when the size is usual or the person confirmed it.
 */
export async function unusualSize(formData: FormData, facilityId: number, total: number): Promise<string | null> {
  return sizeQuestion(getDb(), facilityId, total, formData.get(CONFIRM_SIZE_FIELD) === "yes");
}

/** unusualSize for a caller that has read the confirmation box already (the commands). */
export async function sizeQuestion(db: Db, facilityId: number, total: number, confirmed: boolean): Promise<string | null> {
  if (confirmed) return null;
  const check = groupSizeCheck(total, await recentArrivalSizes(db, facilityId));
  if (!check.unusual) return null;
  return messageWithParams("population.sizeSuspected", { total, limit: check.limit });
}
