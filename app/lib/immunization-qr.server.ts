import QRCode from "qrcode";
import { FHIR_SYSTEMS } from "./fhir.server";

/**
 * The QR code on the printed care summary (issue 18 item 3): the person's vaccine doses as a
 * compact FHIR R4 Bundle (type "collection") of Immunization resources, plain JSON, so the next
 * station reads them offline with any QR reader. Each Immunization carries only what the next
 * vaccinator needs: status, vaccineCode, the patient (by case code), occurrenceDateTime (the
 * day), primarySource (false for a dose copied from a card), lotNumber and the dose number.
 *
 * Size: at most QR_MAX_BYTES bytes of UTF-8 JSON at error correction M (15% of the code may be
 * creased or stained). A dose takes about 330 bytes, so four doses fit: a QR of version 30 at
 * most (137 modules plus the quiet zone), about 0.4 mm a module at the 60 mm the card prints
 * it, which a phone camera reads from paper. When they do not all fit, the most recent doses go
 * in first, and the card says how many of the doses the code carries and that the full record
 * is at the station (under the case code printed beside it).
 */
export const QR_MAX_BYTES = 1500;
export const QR_ERROR_CORRECTION = "M" as const;

export interface QrDose {
  itemCode: string;
  doseNumber: number;
  /** YYYY-MM-DD where the facility is. */
  day: string;
  lotNumber: string;
  fromCard: boolean;
}

export interface CompactBundle {
  resourceType: "Bundle";
  type: "collection";
  entry: { resource: CompactImmunization }[];
}

interface CompactImmunization {
  resourceType: "Immunization";
  status: "completed";
  vaccineCode: { coding: { system: string; code: string }[] };
  patient: { reference: string };
  occurrenceDateTime: string;
  primarySource: boolean;
  lotNumber?: string;
  protocolApplied: { doseNumberPositiveInt: number }[];
}

function compactImmunization(caseCode: string, dose: QrDose): CompactImmunization {
  return {
    resourceType: "Immunization",
    status: "completed",
    vaccineCode: { coding: [{ system: FHIR_SYSTEMS.vaccine, code: dose.itemCode }] },
    patient: { reference: `Patient/${caseCode}` },
    occurrenceDateTime: dose.day,
    primarySource: !dose.fromCard,
    ...(dose.lotNumber ? { lotNumber: dose.lotNumber } : {}),
    protocolApplied: [{ doseNumberPositiveInt: dose.doseNumber }],
  };
}

const bytes = (text: string) => new TextEncoder().encode(text).length;

/** The Bundle's JSON within `maxBytes`: the most recent doses first, as many as fit. */
export function compactImmunizationBundle(caseCode: string, doses: readonly QrDose[], maxBytes = QR_MAX_BYTES) {
  const newestFirst = [...doses].sort((a, b) => b.day.localeCompare(a.day) || b.doseNumber - a.doseNumber);
  const bundle: CompactBundle = { resourceType: "Bundle", type: "collection", entry: [] };
  let json = JSON.stringify(bundle);
  for (const dose of newestFirst) {
    const next: CompactBundle = { ...bundle, entry: [...bundle.entry, { resource: compactImmunization(caseCode, dose) }] };
    const text = JSON.stringify(next);
    if (bytes(text) > maxBytes) break;
    bundle.entry = next.entry;
    json = text;
  }
  return { json, bytes: bytes(json), included: bundle.entry.length, total: doses.length };
}

/** The QR code as inline SVG (no size of its own: the card sizes it), with what it carries. */
export async function immunizationQr(caseCode: string, doses: readonly QrDose[]) {
  const compact = compactImmunizationBundle(caseCode, doses);
  const svg = await QRCode.toString(compact.json, { type: "svg", errorCorrectionLevel: QR_ERROR_CORRECTION, margin: 4 });
  const version = QRCode.create(compact.json, { errorCorrectionLevel: QR_ERROR_CORRECTION }).version;
  return { svg, version, bytes: compact.bytes, included: compact.included, total: compact.total };
}
