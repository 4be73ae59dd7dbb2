import type { ImmunizationRecord } from "#db/immunizations.server";
import { immunizationBundle, stableUuid } from "~/lib/fhir.server";
import { notGivenReasons } from "~/lib/schemas/vaccination";
import { fhirSchemaErrors, fhirSchemaIdentity } from "../support/fhir-schema";

const facility = { code: "SVC", name: "San Vicente" };
const base: ImmunizationRecord = {
  id: 1,
  status: "given",
  doseNumber: 1,
  occurredAt: new Date("2026-12-01T15:30:00Z"),
  recordedAt: new Date("2026-12-01T15:35:00Z"),
  notGivenReason: "",
  source: "here",
  place: "",
  country: null,
  cardLotNumber: "",
  itemCode: "VAC-MR",
  itemNameEs: "Sarampión y rubéola",
  itemNameEn: "Measles and rubella",
  lotNumber: "MR-1",
  expiry: "2027-06-30",
  manufacturer: "",
  recordedByName: null,
  caseId: 7,
  caseCode: "ABCDEFGH",
  name: "",
  sex: "unknown",
  birthDate: null,
};

describe("FHIR immunization bundle", () => {
  // Compiling the 3.6 MB official schema takes seconds, more on a busy machine: done once here,
  // with room, so no test's own time limit measures the machine.
  beforeAll(() => {
    expect(fhirSchemaIdentity().id).toBeDefined();
  }, 120_000);

  it("maps every not-given reason to a valid statusReason, with HL7 ActReason where one fits", () => {
    const records = [...notGivenReasons, ""].map((reason, i): ImmunizationRecord => ({ ...base, id: 10 + i, status: "not_given", notGivenReason: reason, lotNumber: null, expiry: null }));
    const bundle = immunizationBundle(records, facility, new Date("2026-12-02T00:00:00Z"));
    expect(fhirSchemaErrors(bundle)).toEqual([]);
    const reasons = bundle.entry.flatMap((e) => (e.resource.resourceType === "Immunization" ? [e.resource.statusReason] : []));
    const actReason = (i: number) => reasons[i]?.coding?.find((c) => c.system.includes("v3-ActReason"))?.code;
    expect(notGivenReasons.map((_, i) => actReason(i))).toEqual(["PATOBJ", "MEDPREC", "MEDPREC", "IMMUNE", "OSTOCK", undefined]);
    // No reason recorded: text only, never an empty coding list (FHIR forbids empty arrays).
    expect(reasons[notGivenReasons.length]).toEqual({ text: "No aplicada" });
  });

  it("leaves out what is not known rather than sending empty values", () => {
    const bundle = immunizationBundle([base], facility, new Date());
    expect(fhirSchemaErrors(bundle)).toEqual([]);
    const [patient, dose] = bundle.entry.map((e) => e.resource);
    expect(patient).toEqual({ resourceType: "Patient", id: "case-ABCDEFGH", identifier: [{ system: "urn:albergue:fhir:care-case", value: "ABCDEFGH" }], gender: "unknown" });
    expect(dose).not.toHaveProperty("manufacturer");
    expect(dose).not.toHaveProperty("performer");
    expect(dose).toMatchObject({ lotNumber: "MR-1", expirationDate: "2027-06-30" });
  });

  it("marks a dose copied from a card as not from its source: reportOrigin record, the card's day, place and lot, nobody as performer", () => {
    const card: ImmunizationRecord = {
      ...base,
      id: 40,
      source: "card",
      // Stored at noon where the facility is (Panama, UTC-5).
      occurredAt: new Date("2025-05-10T17:00:00Z"),
      place: "Centro de Salud Necoclí",
      country: "CO",
      cardLotNumber: "L-7781",
      lotNumber: null,
      expiry: null,
      manufacturer: null,
      recordedByName: "Ana Health",
    };
    const bundle = immunizationBundle([base, card], facility, new Date());
    expect(fhirSchemaErrors(bundle)).toEqual([]);
    const doses = bundle.entry.flatMap((e) => (e.resource.resourceType === "Immunization" ? [e.resource] : []));
    expect(doses[0]).toMatchObject({ primarySource: true });
    expect(doses[0]).not.toHaveProperty("reportOrigin");
    expect(doses[1]).toMatchObject({
      status: "completed",
      primarySource: false,
      reportOrigin: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/immunization-origin", code: "record" }] },
      occurrenceDateTime: "2025-05-10",
      location: { display: "Centro de Salud Necoclí" },
      lotNumber: "L-7781",
      protocolApplied: [{ doseNumberPositiveInt: 1 }],
    });
    expect(doses[1]!.reportOrigin!.text).toContain("Colombia");
    expect(doses[1]).not.toHaveProperty("performer");
    expect(doses[1]).not.toHaveProperty("expirationDate");
  });

  it("names records by stable version-5 UUIDs", () => {
    expect(stableUuid("dose:1")).toBe(stableUuid("dose:1"));
    expect(stableUuid("dose:1")).not.toBe(stableUuid("dose:2"));
    expect(stableUuid("patient:ABCDEFGH")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
