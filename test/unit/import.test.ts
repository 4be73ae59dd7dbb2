import { groupOf, readAge, readDay, sexOf } from "~/lib/domain/import";
import { checkImport, importKey, type ImportContext } from "~/lib/schemas/import";

describe("the cells of an arrivals file", () => {
  it("reads sex in Spanish and English, and nothing else", () => {
    expect(["F", "m", "Mujer", "hombre", "Masculino", "female", "H"].map(sexOf)).toEqual(["female", "male", "female", "male", "male", "female", "male"]);
    expect(sexOf("X")).toBeNull();
    expect(sexOf("")).toBeNull();
  });

  it("maps ages and bands onto the census groups, refusing a band that spans two", () => {
    const cls = (text: string) => {
      const age = readAge(text);
      return age.ok ? age.ageClass : age.reason;
    };
    expect(["0", "8 meses", "0-11m", "<1", "1", "4", "1-4", "5", "17", "5-17", "12 años", "18", "18+", "60+", "18-59", "adulto", "34"].map(cls)).toEqual([
      "infant", "infant", "infant", "infant", "toddler", "toddler", "toddler", "child", "child", "child", "child", "adult", "adult", "adult", "adult", "adult", "adult",
    ]);
    expect(["0-4", "15-24", "10+", "0-23 meses"].map(cls)).toEqual(["spans", "spans", "spans", "spans"]);
    expect(["", "abc", "200", "5-3"].map(cls)).toEqual(["format", "format", "format", "format"]);
    expect(groupOf("female", "toddler")).toBe("girls1to4");
    expect(groupOf("male", "adult")).toBe("adultMen");
  });

  it("reads ISO days and day-first days, never month-first", () => {
    expect(readDay("2026-12-04")).toBe("2026-12-04");
    expect(readDay("4/12/2026")).toBe("2026-12-04");
    expect(readDay("04-12-2026")).toBe("2026-12-04");
    expect(readDay("12/31/2026")).toBeNull();
    expect(readDay("2026-02-30")).toBeNull();
    expect(readDay("ayer")).toBeNull();
  });
});

describe("checkImport", () => {
  const now = new Date("2026-12-04T20:00:00Z");
  const context: ImportContext = {
    kind: "arrivals",
    fileName: "snm.csv",
    sha256: "ab".repeat(32),
    timeZone: "America/Panama",
    now,
    facilities: new Map([["SVC", 1], ["LBL", 2]]),
    items: [],
  };
  const header = ["Fecha", "Instalación", "Sexo", "Edad", "Nacionalidad", "Cantidad"];

  it("groups a day's rows per facility into one arrival, counts by group and nationality (ISO-3 read as ISO-2)", () => {
    const result = checkImport(
      [
        header,
        ["2026-12-03", "SVC", "F", "30", "VEN", "3"],
        ["2026-12-03", "svc", "M", "2", "VE", "2"],
        ["", "", "", "", "", ""],
        ["3/12/2026", "LBL", "F", "8 meses", "HTI", "1"],
        ["2026-12-04", "SVC", "M", "18+", "CHN", "4"],
      ],
      context,
    );
    expect(result.rows.every((r) => r.problems.length === 0)).toBe(true);
    expect(result.groups.map((g) => [g.facilityCode, g.day, g.rows, g.key])).toEqual([
      ["SVC", "2026-12-03", [2, 3], importKey("arrivals", context.sha256, 2)],
      ["LBL", "2026-12-03", [5], importKey("arrivals", context.sha256, 5)],
      ["SVC", "2026-12-04", [6], importKey("arrivals", context.sha256, 6)],
    ]);
    const first = result.groups[0]!;
    if (first.kind !== "arrivals") throw new Error("arrivals expected");
    expect(first.value.counts).toMatchObject({ adultWomen: 3, boys1to4: 2, adultMen: 0 });
    expect(first.value.nationalities).toEqual([{ country: "VE", count: 5 }]);
    // A past day is recorded at noon in the station's zone (17:00 UTC in Panama).
    expect(first.value.occurredAt.toISOString()).toBe("2026-12-03T17:00:00.000Z");
    expect(result.groups[2]!.value.occurredAt.toISOString()).toBe("2026-12-04T17:00:00.000Z");
    expect(importKey("arrivals", context.sha256, 2)).toBe(`import:a:${"ab".repeat(16)}:2`);
  });

  it("names each bad row and field, and a facility outside the user's scope like an unknown one", () => {
    const result = checkImport(
      [header, ["2026-12-03", "BCH", "F", "30", "VE", "3"], ["2026-12-05", "SVC", "F", "30", "VE", "3"], ["2026-12-03", "SVC", "F", "30", "XX", "1.5"]],
      context,
    );
    expect(result.rows.map((r) => [r.row, r.problems.map((p) => `${p.field}:${p.message}`)])).toEqual([
      [2, ["facility:import.facilityNotAllowed?code=BCH"]],
      [3, ["date:population.occurredInFuture"]],
      [4, ["nationality:import.country", "count:validation.digitsOnly"]],
    ]);
  });

  it("says which required column is missing, with headers in either language", () => {
    expect(checkImport([["date", "facility", "sex", "age", "count"]], context).fileProblems).toEqual(["import.missingColumns?columns=nacionalidad"]);
    expect(checkImport([["date", "facility", "sex", "age", "nationality", "count"]], context).fileProblems).toEqual(["import.noRows"]);
    expect(checkImport([], context).fileProblems).toEqual(["import.empty"]);
  });

  it("checks a receipt's lines with the receipt form's rules", () => {
    const receipts: ImportContext = {
      ...context,
      kind: "receipts",
      items: [
        { code: "RATION-KIT", lotTracked: true, expires: true, category: "food" },
        { code: "SOAP", lotTracked: false, expires: false, category: "hygiene" },
      ],
    };
    const result = checkImport(
      [
        ["fecha", "instalacion", "articulo", "lote", "vencimiento", "cantidad", "vvm"],
        ["2026-12-03", "SVC", "RATION-KIT", "L1", "2027-01-31", "10", ""],
        ["2026-12-03", "SVC", "SOAP", "", "", "5", ""],
        ["2026-12-03", "SVC", "RATION-KIT", "L1", "2027-01-31", "3", ""],
        ["2026-12-03", "SVC", "SOAP", "", "", "5", "2"],
        ["2026-12-03", "SVC", "RATION-KIT", "L2", "2026-11-30", "5", ""],
      ],
      receipts,
    );
    expect(result.rows.map((r) => [r.row, r.problems.map((p) => `${p.field}:${p.message}`)])).toEqual([
      [2, []],
      [3, []],
      [4, ["lot:stock.lineDuplicate"]],
      [5, ["vvm:stock.vvmOnlyVaccines", "item:stock.lineDuplicate"]],
      [6, ["expiry:stock.receiptExpired"]],
    ]);
  });
});
