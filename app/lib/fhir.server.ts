import { createHash } from "node:crypto";
import type { ImmunizationRecord } from "#db/immunizations.server";
import { countryName } from "./domain/countries";
import type { NotGivenReason } from "./schemas/vaccination";

/**
 * FHIR R4 (4.0.1) Immunization records as a Bundle of type "collection" (docs/exchange.md):
 * one Immunization per dose given or not given, and one Patient per person carrying only what
 * the printable care summary shows. Albergue is no FHIR server: resources are named by
 * `urn:uuid:` full URLs derived from the record's key, so the same dose exported twice has the
 * same identity and a receiver can de-duplicate.
 */

/** Local naming systems (URIs) for Albergue's own codes and identifiers. */
export const FHIR_SYSTEMS = {
  vaccine: "urn:albergue:fhir:vaccine",
  notGivenReason: "urn:albergue:fhir:not-given-reason",
  caseCode: "urn:albergue:fhir:care-case",
  dose: "urn:albergue:fhir:vaccine-dose",
  facility: "urn:albergue:fhir:facility",
} as const;

const ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
/** FHIR's immunization-origin code system: where a record not made by its source came from. */
const IMMUNIZATION_ORIGIN = "http://terminology.hl7.org/CodeSystem/immunization-origin";

/**
 * Why a dose was not given, as HL7 v3 ActReason codes where one means the same thing (the codes
 * of FHIR's ImmunizationStatusReasonCodes value set); our own code always comes first.
 */
const statusReasonCodes: Record<NotGivenReason, { code: string; display: string } | null> = {
  refused: { code: "PATOBJ", display: "patient objection" },
  contraindicated: { code: "MEDPREC", display: "medical precaution" },
  ill: { code: "MEDPREC", display: "medical precaution" },
  already_vaccinated: { code: "IMMUNE", display: "immunity" },
  stock_out: { code: "OSTOCK", display: "product out of stock" },
  other: null,
};

const reasonDisplay: Record<NotGivenReason, string> = {
  refused: "Rechazada",
  contraindicated: "Contraindicada",
  ill: "Enfermedad en el momento",
  already_vaccinated: "Ya vacunada",
  stock_out: "Sin existencias",
  other: "Otro motivo",
};

const isReason = (value: string): value is NotGivenReason => Object.prototype.hasOwnProperty.call(reasonDisplay, value);

type Coding = { system: string; code: string; display?: string };
type Reference = { reference?: string; identifier?: { system: string; value: string }; display?: string };

export interface FhirPatient {
  resourceType: "Patient";
  id: string;
  identifier: { system: string; value: string }[];
  name?: { text: string }[];
  gender: "female" | "male" | "unknown";
  birthDate?: string;
}

export interface FhirImmunization {
  resourceType: "Immunization";
  id: string;
  identifier: { system: string; value: string }[];
  status: "completed" | "not-done";
  statusReason?: { coding?: Coding[]; text: string };
  vaccineCode: { coding: Coding[]; text: string };
  patient: Reference;
  occurrenceDateTime: string;
  recorded: string;
  /** false for a dose copied from a card: Albergue did not give it. */
  primarySource: boolean;
  reportOrigin?: { coding: Coding[]; text: string };
  location: Reference;
  manufacturer?: Reference;
  lotNumber?: string;
  expirationDate?: string;
  performer?: { actor: Reference }[];
  protocolApplied: { doseNumberPositiveInt: number }[];
}

export interface FhirBundle {
  resourceType: "Bundle";
  type: "collection";
  timestamp: string;
  entry: { fullUrl: string; resource: FhirPatient | FhirImmunization }[];
}

/** A name-based UUID (version 5 layout over SHA-1) for a record key: stable across exports. */
export function stableUuid(key: string): string {
  const hex = createHash("sha1").update(`albergue:${key}`).digest("hex").slice(0, 32).split("");
  hex[12] = "5";
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** What a Patient resource carries: the fields of the printable care summary that FHIR has a place for. */
export type PatientFields = Pick<ImmunizationRecord, "caseId" | "caseCode" | "name" | "sex" | "birthDate">;

function patientOf(r: PatientFields): FhirPatient {
  return {
    resourceType: "Patient",
    id: `case-${r.caseCode}`,
    identifier: [{ system: FHIR_SYSTEMS.caseCode, value: r.caseCode }],
    ...(r.name ? { name: [{ text: r.name }] } : {}),
    gender: r.sex,
    ...(r.birthDate ? { birthDate: r.birthDate } : {}),
  };
}

function immunizationOf(r: ImmunizationRecord, patientUrl: string, facility: { code: string; name: string }): FhirImmunization {
  const given = r.status === "given";
  const fromCard = r.source === "card";
  const reason = r.notGivenReason;
  const standard = isReason(reason) ? statusReasonCodes[reason] : null;
  const reasonCoding: Coding[] = [
    ...(reason ? [{ system: FHIR_SYSTEMS.notGivenReason, code: reason, ...(isReason(reason) ? { display: reasonDisplay[reason] } : {}) }] : []),
    ...(standard ? [{ system: ACT_REASON, ...standard }] : []),
  ];
  return {
    resourceType: "Immunization",
    id: `dose-${r.id}`,
    identifier: [{ system: FHIR_SYSTEMS.dose, value: String(r.id) }],
    status: given ? "completed" : "not-done",
    ...(given
      ? {}
      : {
          // FHIR forbids empty arrays: a dose without a recorded reason has only the text.
          statusReason: {
            ...(reasonCoding.length ? { coding: reasonCoding } : {}),
            text: isReason(reason) ? reasonDisplay[reason] : reason || "No aplicada",
          },
        }),
    vaccineCode: { coding: [{ system: FHIR_SYSTEMS.vaccine, code: r.itemCode, display: r.itemNameEs }], text: r.itemNameEs },
    patient: { reference: patientUrl },
    ...(fromCard ? cardFields(r) : hereFields(r, given, facility)),
    protocolApplied: [{ doseNumberPositiveInt: r.doseNumber }],
  };
}

/** A dose given here: its time, the facility, the lot of our stock and who gave it. */
function hereFields(r: ImmunizationRecord, given: boolean, facility: { code: string; name: string }) {
  return {
    occurrenceDateTime: r.occurredAt.toISOString(),
    recorded: r.recordedAt.toISOString(),
    primarySource: true,
    location: { identifier: { system: FHIR_SYSTEMS.facility, value: facility.code }, display: facility.name },
    ...(r.manufacturer ? { manufacturer: { display: r.manufacturer } } : {}),
    ...(given && r.lotNumber ? { lotNumber: r.lotNumber } : {}),
    ...(given && r.expiry ? { expirationDate: r.expiry } : {}),
    ...(r.recordedByName ? { performer: [{ actor: { display: r.recordedByName } }] } : {}),
  };
}

/**
 * A dose given elsewhere, copied from a home card or another country's record: not reported by
 * its source (primarySource false, reportOrigin "record", a written record), the day only (a
 * card gives no time; it is stored at noon where the facility is, so its UTC day is the card's),
 * the place as written, and the card's lot number. Who copied it is not who gave it: no performer.
 */
function cardFields(r: ImmunizationRecord) {
  const country = r.country ? countryName(r.country, "es") : "";
  return {
    occurrenceDateTime: r.occurredAt.toISOString().slice(0, 10),
    recorded: r.recordedAt.toISOString(),
    primarySource: false,
    reportOrigin: {
      coding: [{ system: IMMUNIZATION_ORIGIN, code: "record", display: "Written Record" }],
      text: country ? `Carné de vacunación (${country})` : "Carné de vacunación",
    },
    location: { display: r.place },
    ...(r.cardLotNumber ? { lotNumber: r.cardLotNumber } : {}),
  };
}

/**
 * The Bundle for a list of dose records (one case's or a period's): Patients first, then doses.
 * `people` adds Patients with no dose in the list (a case's export names its person even
 * before the first dose).
 */
export function immunizationBundle(
  records: readonly ImmunizationRecord[],
  facility: { code: string; name: string },
  now: Date,
  people: readonly PatientFields[] = [],
): FhirBundle {
  const patients = new Map<number, { fullUrl: string; resource: FhirPatient }>();
  for (const r of [...people, ...records]) {
    if (!patients.has(r.caseId)) patients.set(r.caseId, { fullUrl: `urn:uuid:${stableUuid(`patient:${r.caseCode}`)}`, resource: patientOf(r) });
  }
  return {
    resourceType: "Bundle",
    type: "collection",
    timestamp: now.toISOString(),
    entry: [
      ...patients.values(),
      ...records.map((r) => ({ fullUrl: `urn:uuid:${stableUuid(`dose:${r.id}`)}`, resource: immunizationOf(r, patients.get(r.caseId)!.fullUrl, facility) })),
    ],
  };
}

/** The reply for a bad request, as FHIR says it: an OperationOutcome naming the parameter. */
export function operationOutcome(parameter: string, message: string) {
  return {
    resourceType: "OperationOutcome" as const,
    issue: [{ severity: "error" as const, code: "invalid" as const, diagnostics: message, expression: [parameter] }],
  };
}
