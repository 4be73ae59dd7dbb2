import { and, asc, eq, gte, lt } from "drizzle-orm";
import { careCases, items, lots, users, vaccineDoses } from "./schema";
import type { Db } from "./types";

/**
 * The vaccine doses (given and not given) recorded at a facility, for the FHIR Immunization
 * export (docs/exchange.md): one case's, or every case's in a period (a dose copied from a card
 * falls in the period of the day it was given). The person's fields are
 * those the printable care summary already shows (code, name, sex, birth date), nothing more:
 * no document number, no nationality, no family group.
 */
export async function listImmunizationRecords(db: Db, facilityId: number, filter: { caseId: number } | { from: Date; until: Date }) {
  return db
    .select({
      id: vaccineDoses.id,
      status: vaccineDoses.status,
      doseNumber: vaccineDoses.doseNumber,
      occurredAt: vaccineDoses.occurredAt,
      recordedAt: vaccineDoses.recordedAt,
      notGivenReason: vaccineDoses.notGivenReason,
      source: vaccineDoses.source,
      place: vaccineDoses.place,
      country: vaccineDoses.country,
      cardLotNumber: vaccineDoses.cardLotNumber,
      itemCode: items.code,
      itemNameEs: items.nameEs,
      itemNameEn: items.nameEn,
      lotNumber: lots.lotNumber,
      expiry: lots.expiry,
      manufacturer: lots.manufacturer,
      recordedByName: users.displayName,
      caseId: careCases.id,
      caseCode: careCases.code,
      name: careCases.name,
      sex: careCases.sex,
      birthDate: careCases.birthDate,
    })
    .from(vaccineDoses)
    .innerJoin(careCases, and(eq(careCases.id, vaccineDoses.caseId), eq(careCases.facilityId, facilityId)))
    .innerJoin(items, eq(items.id, vaccineDoses.itemId))
    .leftJoin(lots, eq(lots.id, vaccineDoses.lotId))
    .leftJoin(users, eq(users.id, vaccineDoses.recordedBy))
    .where(
      and(
        eq(vaccineDoses.facilityId, facilityId),
        "caseId" in filter
          ? eq(vaccineDoses.caseId, filter.caseId)
          : and(gte(vaccineDoses.occurredAt, filter.from), lt(vaccineDoses.occurredAt, filter.until)),
      ),
    )
    .orderBy(asc(vaccineDoses.occurredAt), asc(vaccineDoses.id));
}

export type ImmunizationRecord = Awaited<ReturnType<typeof listImmunizationRecords>>[number];
