import { asc, eq, inArray } from "drizzle-orm";
import { facilities } from "./schema";
import type { Db } from "./types";

/** Which facilities a user may see: all of them, or those listed. */
export type FacilityScope = { all: true } | { all: false; facilityIds: number[] };

export type FacilityKind = (typeof facilities.kind.enumValues)[number];
export type FacilityStatus = (typeof facilities.status.enumValues)[number];

const listColumns = {
  id: facilities.id,
  code: facilities.code,
  name: facilities.name,
  kind: facilities.kind,
  region: facilities.region,
  beds: facilities.beds,
  status: facilities.status,
  updatedAt: facilities.updatedAt,
};

export async function listFacilities(db: Db, scope: FacilityScope) {
  if (!scope.all && scope.facilityIds.length === 0) return [];
  return db
    .select(listColumns)
    .from(facilities)
    .where(scope.all ? undefined : inArray(facilities.id, scope.facilityIds))
    .orderBy(asc(facilities.code));
}

/** Every facility as an id/code/name option, for admin pickers and filters. */
export async function listFacilityOptions(db: Db) {
  return db
    .select({ id: facilities.id, code: facilities.code, name: facilities.name })
    .from(facilities)
    .orderBy(asc(facilities.code));
}

const detailColumns = {
  ...listColumns,
  latitude: facilities.latitude,
  longitude: facilities.longitude,
  coveredAreaM2: facilities.coveredAreaM2,
  waterLitresPerDay: facilities.waterLitresPerDay,
  toilets: facilities.toilets,
  sanitationFirstPhase: facilities.sanitationFirstPhase,
  notes: facilities.notes,
};

export async function getFacilityByCode(db: Db, code: string) {
  const [row] = await db.select(detailColumns).from(facilities).where(eq(facilities.code, code)).limit(1);
  return row;
}

export async function facilityIdsByCodes(db: Db, codes: string[]) {
  if (codes.length === 0) return [];
  return db
    .select({ id: facilities.id, code: facilities.code })
    .from(facilities)
    .where(inArray(facilities.code, codes));
}

export interface FacilityInput {
  code: string;
  name: string;
  kind: FacilityKind;
  region: string;
  latitude: number | null;
  longitude: number | null;
  beds: number;
  coveredAreaM2: number;
  waterLitresPerDay: number;
  toilets: number;
  /** Sphere's first phase of an emergency: one toilet per 50 people instead of 20 (default false). */
  sanitationFirstPhase?: boolean;
  status: FacilityStatus;
  notes: string;
}

/** Inserts a facility; returns undefined when the code is taken. */
export async function insertFacility(db: Db, input: FacilityInput) {
  const [row] = await db
    .insert(facilities)
    .values(input)
    .onConflictDoNothing({ target: facilities.code })
    .returning({ id: facilities.id });
  return row?.id;
}

export async function updateFacility(db: Db, id: number, input: Omit<FacilityInput, "code">) {
  await db
    .update(facilities)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(facilities.id, id));
}
