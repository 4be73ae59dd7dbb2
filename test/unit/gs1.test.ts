import { GS, GS1_LOT_PATTERN, gs1CheckDigit, gs1Date, normaliseGtin, parseGs1 } from "~/lib/domain/gs1";

// Worked examples: the GTIN 09506000134352 is GS1's own example (GS1 Digital Link standard);
// 4006381333931 is a retail EAN-13. Element strings as a wedge scanner types them for a GS1
// DataMatrix ("]d2", FNC1 as the group separator ASCII 29) and as printed under the symbol.
const ref = { referenceYear: 2026 };

describe("GS1 check digits", () => {
  it("computes the mod-10 check digit with weights 3,1,3… from the right", () => {
    // 0 9 5 0 6 0 0 0 1 3 4 3 5 → 3·(0+5+6+0+1+4+5) + (9+0+0+0+3+3) = 63 + 15 = 78 → 2
    expect(gs1CheckDigit("0950600013435")).toBe(2);
    // 4 0 0 6 3 8 1 3 3 3 9 3 → 3·(0+6+8+3+3+3) + (4+0+3+1+3+9) = 69 + 20 = 89 → 1
    expect(gs1CheckDigit("400638133393")).toBe(1);
  });
  it("pads GTIN-8/12/13 to 14 digits and refuses a wrong check digit", () => {
    expect(normaliseGtin("4006381333931")).toBe("04006381333931");
    expect(normaliseGtin("09506000134352")).toBe("09506000134352");
    expect(normaliseGtin("09506000134353")).toBeNull();
    expect(normaliseGtin("123")).toBeNull();
  });
});

describe("GS1 dates (YYMMDD)", () => {
  it("reads day 00 as the last day of the month, leap years included", () => {
    expect(gs1Date("240200", 2026)).toBe("2024-02-29");
    expect(gs1Date("250200", 2026)).toBe("2025-02-28");
    expect(gs1Date("271100", 2026)).toBe("2027-11-30");
    expect(gs1Date("271231", 2026)).toBe("2027-12-31");
  });
  it("places the century by GS1's 50-year window and refuses days that do not exist", () => {
    expect(gs1Date("761231", 2026)).toBe("2076-12-31"); // 50 ahead: this century
    expect(gs1Date("770101", 2026)).toBe("1977-01-01"); // 51 ahead: the previous one
    expect(gs1Date("990101", 2060)).toBe("2099-01-01");
    expect(gs1Date("100101", 2060)).toBe("2110-01-01"); // 50 behind: the next one
    expect(gs1Date("250230", 2026)).toBeNull();
    expect(gs1Date("251301", 2026)).toBeNull();
  });
});

describe("parseGs1", () => {
  const full = { gtin: "09506000134352", expiry: "2027-12-31", lot: "ABC123", serial: "7865" };

  it("reads the bracketed human form", () => {
    const r = parseGs1("(01)09506000134352(17)271231(10)ABC123(21)7865", ref);
    expect(r).toMatchObject({ ok: true, value: full });
  });

  it("reads the raw scanner form: symbology identifier, GS after a variable field, Enter at the end", () => {
    expect(parseGs1(`]d201095060001343521727123110ABC123${GS}217865\r\n`, ref)).toMatchObject({ ok: true, value: full });
    // A leading FNC1 (sent as GS by some scanners) and fields in another order.
    expect(parseGs1(`${GS}10ABC123${GS}0109506000134352172712312${"1"}7865`, ref)).toMatchObject({ ok: true, value: full });
    // A GS after a fixed-length field is tolerated.
    expect(parseGs1(`0109506000134352${GS}17271231${GS}10ABC123`, ref)).toMatchObject({ ok: true, value: { ...full, serial: null } });
    // A wedge that cannot type ASCII 29 may send "<GS>".
    expect(parseGs1("0109506000134352<GS>10ABC123<GS>17271231", ref)).toMatchObject({ ok: true, value: { ...full, serial: null } });
  });

  it("keeps lot numbers with GS1's special characters, in both forms", () => {
    expect(parseGs1("(01)09506000134352(17)240200(10)AB+(1):2", ref)).toMatchObject({ ok: true, value: { lot: "AB+(1):2", expiry: "2024-02-29" } });
    expect(parseGs1(`010950600013435210AB+(1):2${GS}17240200`, ref)).toMatchObject({ ok: true, value: { lot: "AB+(1):2", expiry: "2024-02-29" } });
  });

  it("reads a bare EAN-13 or GTIN-14 as a GTIN alone", () => {
    expect(parseGs1("4006381333931", ref)).toMatchObject({ ok: true, value: { gtin: "04006381333931", lot: null, expiry: null } });
    expect(parseGs1("09506000134352", ref)).toMatchObject({ ok: true, value: { gtin: "09506000134352" } });
  });

  it("says what is wrong", () => {
    expect(parseGs1("", ref)).toEqual({ ok: false, problem: { code: "empty" } });
    expect(parseGs1("(01)09506000134353(10)A", ref)).toEqual({ ok: false, problem: { code: "badCheckDigit", ai: "01" } });
    expect(parseGs1("4006381333932", ref)).toEqual({ ok: false, problem: { code: "badCheckDigit", ai: "01" } });
    expect(parseGs1("(01)09506000134352(17)250230", ref)).toEqual({ ok: false, problem: { code: "badDate", ai: "17" } });
    expect(parseGs1("(01)0950600013435(10)A", ref)).toEqual({ ok: false, problem: { code: "badLength", ai: "01" } });
    expect(parseGs1("(01)09506000134352(10)ABCDEFGHIJKLMNOPQRSTU", ref)).toEqual({ ok: false, problem: { code: "badLength", ai: "10" } });
    expect(parseGs1("(01)09506000134352(10)AB C", ref)).toEqual({ ok: false, problem: { code: "badCharacter", ai: "10" } });
    expect(parseGs1("(01)09506000134352(8004)ABC", ref)).toEqual({ ok: false, problem: { code: "unknownAi", at: "8004" } });
    expect(parseGs1("0109506000134352(8)x", ref)).toEqual({ ok: false, problem: { code: "unknownAi", at: "(8)x" } });
  });

  it("reports a missing separator when a variable field runs past its maximum", () => {
    // Lot then serial without the GS between them: 10 + "ABC123217865LONGERTHAN20" is 24 characters.
    expect(parseGs1("010950600013435210ABC123217865LONGERTHAN20", ref)).toEqual({ ok: false, problem: { code: "missingSeparator", ai: "10" } });
  });
});

describe("GS1 lot numbers", () => {
  it("allows up to 20 characters of GS1's 82-character set", () => {
    for (const lot of ["044K2217", "AB+(1):2", "lot/7-b_c.d", "A%&'*,;<=>?!\"", "12345678901234567890"]) expect(GS1_LOT_PATTERN.test(lot), lot).toBe(true);
    for (const lot of ["", "AB C", "Ñ1", "123456789012345678901", "A#1", "A@B"]) expect(GS1_LOT_PATTERN.test(lot), lot).toBe(false);
  });
});
