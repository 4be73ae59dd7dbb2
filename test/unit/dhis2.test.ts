import {
  buildDataValueSet,
  detailProblem,
  importParams,
  indicatorKey,
  isoWeek,
  lastCompletePeriod,
  parseDoseDetail,
  parseImportSummary,
  periodOf,
  stockoutDays,
  type Mapping,
} from "~/lib/domain/dhis2";
import {
  conflictReply,
  documentedDataValueSet,
  documentedImportParameters,
  documentedImportSummary,
  documentedWrappedSummary,
} from "../support/dhis2-fixtures";

describe("DHIS2 periods", () => {
  it("numbers ISO weeks across the year boundary as DHIS2 does", () => {
    // 2026 starts on a Thursday, so it has 53 weeks; 2027-01-01 (a Friday) is still in its last one.
    expect(isoWeek("2026-12-31")).toEqual({ year: 2026, week: 53 });
    expect(isoWeek("2027-01-01")).toEqual({ year: 2026, week: 53 });
    expect(isoWeek("2027-01-04")).toEqual({ year: 2027, week: 1 });
    // 2025-12-29 is the Monday of the week that holds 2026's first Thursday.
    expect(isoWeek("2025-12-29")).toEqual({ year: 2026, week: 1 });
    expect(isoWeek("2025-12-28")).toEqual({ year: 2025, week: 52 });
  });

  it("writes the day, week and month identifiers with their first and last days", () => {
    expect(periodOf("day", "2026-12-02")).toEqual({ type: "day", id: "20261202", start: "2026-12-02", end: "2026-12-02" });
    expect(periodOf("week", "2026-12-02")).toEqual({ type: "week", id: "2026W49", start: "2026-11-30", end: "2026-12-06" });
    expect(periodOf("week", "2026-11-26")).toEqual({ type: "week", id: "2026W48", start: "2026-11-23", end: "2026-11-29" });
    expect(periodOf("week", "2027-01-01")).toMatchObject({ id: "2026W53", start: "2026-12-28", end: "2027-01-03" });
    expect(periodOf("week", "2025-12-31")).toMatchObject({ id: "2026W1", start: "2025-12-29", end: "2026-01-04" });
    expect(periodOf("month", "2026-12-02")).toEqual({ type: "month", id: "202612", start: "2026-12-01", end: "2026-12-31" });
    expect(periodOf("month", "2028-02-10")).toMatchObject({ id: "202802", end: "2028-02-29" });
  });

  it("takes the last period that has ended for a scheduled push", () => {
    // Wednesday 2 December 2026: yesterday, last week (W48), last month (November).
    expect(lastCompletePeriod("day", "2026-12-02").id).toBe("20261201");
    expect(lastCompletePeriod("week", "2026-12-02").id).toBe("2026W48");
    expect(lastCompletePeriod("month", "2026-12-02").id).toBe("202611");
    expect(lastCompletePeriod("month", "2027-01-01").id).toBe("202612");
    expect(lastCompletePeriod("week", "2027-01-04").id).toBe("2026W53");
  });
});

describe("DHIS2 indicator details", () => {
  it("accepts the detail each indicator needs and names the problem otherwise", () => {
    expect(detailProblem("arrivals", "girls1to4")).toBeNull();
    expect(detailProblem("census", "total")).toBeNull();
    expect(detailProblem("census", "cats")).toBe("dhis2.detailGroup");
    expect(detailProblem("doses", "VAC-MR:2")).toBeNull();
    expect(detailProblem("doses", "VAC-MR")).toBe("dhis2.detailDose");
    expect(detailProblem("stock_on_hand", "RATION-KIT")).toBeNull();
    expect(detailProblem("stockout_days", "ration kit")).toBe("dhis2.detailItem");
    expect(detailProblem("sam_admissions", "")).toBeNull();
    expect(detailProblem("anc_contacts", "x")).toBe("dhis2.detailNone");
    expect(parseDoseDetail("VAC-PENTA:3")).toEqual({ itemCode: "VAC-PENTA", doseNumber: 3 });
  });
});

describe("the dataValueSets payload", () => {
  it("equals DHIS2's documented example for the same mappings and values", () => {
    // The docs' Mortality < 5 years example, as three mapped indicators on the default combination.
    const mappings: Mapping[] = [
      { indicator: "sam_admissions", detail: "", dataElement: "f7n9E0hX8qk", categoryOptionCombo: "" },
      { indicator: "mam_admissions", detail: "", dataElement: "Ix2HsbDMLea", categoryOptionCombo: "" },
      { indicator: "anc_contacts", detail: "", dataElement: "eY5ehpbEsB7", categoryOptionCombo: "" },
    ];
    const values = new Map([
      [indicatorKey("sam_admissions", ""), 1],
      [indicatorKey("mam_admissions", ""), 2],
      [indicatorKey("anc_contacts", ""), 3],
    ]);
    const payload = buildDataValueSet({ dataSet: "pBOMPrpg1QX", period: "201401", orgUnit: "DiszpKrYNg8", mappings, values });
    expect(payload).toEqual(documentedDataValueSet);
  });

  it("sends a category option combination when one is mapped, and 0 for an indicator with nothing counted", () => {
    const payload = buildDataValueSet({
      dataSet: "ALB_WEEKLY",
      period: "2026W48",
      orgUnit: "OU_SVC",
      mappings: [
        { indicator: "arrivals", detail: "girls1to4", dataElement: "ALB_ARRIVALS", categoryOptionCombo: "F_1_4" },
        { indicator: "doses", detail: "VAC-MR:1", dataElement: "ALB_DOSES", categoryOptionCombo: "MR_1" },
      ],
      values: new Map([[indicatorKey("arrivals", "girls1to4"), 14]]),
    });
    expect(payload.dataValues).toEqual([
      { dataElement: "ALB_ARRIVALS", categoryOptionCombo: "F_1_4", value: "14" },
      { dataElement: "ALB_DOSES", categoryOptionCombo: "MR_1", value: "0" },
    ]);
  });

  it("asks for codes, create-and-update and the dry run with values DHIS2 documents", () => {
    for (const dryRun of [true, false]) {
      const params = importParams({ dryRun });
      expect(documentedImportParameters.idScheme).toContain(params.get("idScheme")!.toLowerCase());
      expect(documentedImportParameters.importStrategy).toContain(params.get("importStrategy"));
      expect(documentedImportParameters.dryRun).toContain(params.get("dryRun"));
      expect(params.get("dryRun")).toBe(String(dryRun));
    }
  });
});

describe("the import summary", () => {
  it("reads the summary of versions before 2.38 (unwrapped)", () => {
    expect(parseImportSummary(documentedImportSummary)).toEqual({
      status: "SUCCESS",
      description: "Import process completed successfully",
      imported: 0,
      updated: 431,
      ignored: 0,
      deleted: 0,
      conflicts: [],
    });
  });

  it("reads the summary inside the web message of 2.38 and later", () => {
    expect(parseImportSummary(documentedWrappedSummary)).toMatchObject({ status: "SUCCESS", updated: 431, conflicts: [] });
  });

  it("keeps each conflict's object, message and error code", () => {
    expect(parseImportSummary(conflictReply)).toEqual({
      status: "WARNING",
      description: "Import process completed successfully",
      imported: 2,
      updated: 1,
      ignored: 1,
      deleted: 0,
      conflicts: [{ object: "Jkhdsf8sdf4", value: "Org unit not found or not accessible: `Jkhdsf8sdf4`", errorCode: "E7612" }],
    });
  });

  it("refuses a reply that is not an import summary", () => {
    expect(parseImportSummary("<html>login</html>")).toBeNull();
    expect(parseImportSummary({ httpStatus: "Unauthorized", httpStatusCode: 401, status: "ERROR", message: "Unauthorized" })).toBeNull();
    expect(parseImportSummary(null)).toBeNull();
  });
});

describe("stock-out days", () => {
  it("counts the days of the period that closed with nothing on hand", () => {
    // Week 2026W48 (23-29 Nov): 40 on hand at the end; 40 received on the 27th, 30 issued on
    // the 24th. Walking back: closes 29, 28, 27 at 40; 26, 25 at 0; 24 at 0; 23 at 30.
    const net = new Map([
      ["2026-11-27", 40],
      ["2026-11-24", -30],
    ]);
    expect(stockoutDays({ start: "2026-11-23", end: "2026-11-29" }, 40, net)).toBe(3);
    expect(stockoutDays({ start: "2026-11-23", end: "2026-11-29" }, 0, new Map())).toBe(7);
    expect(stockoutDays({ start: "2026-12-02", end: "2026-12-02" }, 5, new Map())).toBe(0);
  });
});
