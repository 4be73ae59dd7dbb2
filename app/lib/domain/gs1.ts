// GS1 element strings (GS1 General Specifications §3, §7.8): what a keyboard-wedge scanner types
// when it reads the DataMatrix on a vaccine carton or a GS1-128 label, or what a person copies
// from the human-readable line under it. Pure: no database, no clock (the century of a YYMMDD
// date is decided against a reference year the caller gives).

/** GS1's 82-character set for alphanumeric AIs (GenSpecs figure 7.11-1): lot and serial numbers. */
export const GS1_CHARSET = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]*$/;

/** A lot number as GS1 allows it in AI (10): 1 to 20 characters of its 82-character set. */
export const GS1_LOT_PATTERN = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$/;

/** The group separator (ASCII 29) that stands for FNC1 between fields in a scanner's output. */
export const GS = "\u001d";

type AiSpec = { fixed: number } | { max: number; numeric?: boolean };

/**
 * The AIs this product reads, with their data lengths. A raw (unbracketed) string can only be
 * split where every AI's length is known, so an AI not here stops the parse with a clear error.
 * 31nn-36nn (measures) are four-digit AIs with six digits.
 */
const AIS: Record<string, AiSpec> = {
  "00": { fixed: 18 },
  "01": { fixed: 14 },
  "02": { fixed: 14 },
  "10": { max: 20 },
  "11": { fixed: 6 },
  "12": { fixed: 6 },
  "13": { fixed: 6 },
  "15": { fixed: 6 },
  "16": { fixed: 6 },
  "17": { fixed: 6 },
  "20": { fixed: 2 },
  "21": { max: 20 },
  "22": { max: 20 },
  "30": { max: 8, numeric: true },
  "37": { max: 8, numeric: true },
  "240": { max: 30 },
  "241": { max: 30 },
  "710": { max: 20 },
  "711": { max: 20 },
  "712": { max: 20 },
  "713": { max: 20 },
  "714": { max: 20 },
};
for (let i = 0; i <= 9; i++) AIS[`9${i}`] = { max: 90 };

function specOf(ai: string): AiSpec | undefined {
  if (AIS[ai]) return AIS[ai];
  if (/^3[1-6]\d\d$/.test(ai)) return { fixed: 6 };
  return undefined;
}

/** The AI at the start of `rest` (2, 3 or 4 digits), or undefined. */
function aiAt(rest: string): string | undefined {
  for (const n of [2, 3, 4]) {
    const ai = rest.slice(0, n);
    if (/^\d+$/.test(ai) && ai.length === n && specOf(ai)) return ai;
  }
  return undefined;
}

export type Gs1Problem =
  | { code: "empty" }
  | { code: "unknownAi"; at: string }
  | { code: "badLength"; ai: string }
  | { code: "badCharacter"; ai: string }
  | { code: "badCheckDigit"; ai: string }
  | { code: "badDate"; ai: string }
  /** A variable-length field ran past its maximum: most likely the GS after it is missing. */
  | { code: "missingSeparator"; ai: string };

export interface Gs1Result {
  /** Every field in order, as read. */
  fields: { ai: string; value: string }[];
  /** AI 01 (or a bare GTIN-8/12/13/14), as 14 digits. */
  gtin: string | null;
  /** AI 17 as YYYY-MM-DD; day 00 is the last day of the month. */
  expiry: string | null;
  /** AI 10. */
  lot: string | null;
  /** AI 21. */
  serial: string | null;
}

export type Gs1Parse = { ok: true; value: Gs1Result } | { ok: false; problem: Gs1Problem };

/** The GS1 mod-10 check digit of the digits before it (GenSpecs §7.9.1), for GTIN-8/12/13/14 and SSCC. */
export function gs1CheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    // Weights 3, 1, 3, ... from the rightmost digit of the body.
    const weight = (body.length - i) % 2 === 1 ? 3 : 1;
    sum += Number(body[i]) * weight;
  }
  return (10 - (sum % 10)) % 10;
}

/** Whether a string of digits ends with its right check digit. */
export function hasValidCheckDigit(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  return gs1CheckDigit(digits.slice(0, -1)) === Number(digits.at(-1));
}

/** A GTIN-8, -12, -13 or -14 padded to 14 digits, or null if it is not one (length or check digit). */
export function normaliseGtin(raw: string): string | null {
  const digits = raw.trim();
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(digits) || !hasValidCheckDigit(digits)) return null;
  return digits.padStart(14, "0");
}

/**
 * A YYMMDD date as YYYY-MM-DD. The century follows GenSpecs §7.12: a year more than 50 years
 * ahead of the reference year is in the previous century, one more than 49 behind in the next.
 * Day 00 means the last day of the month. Null if the month or day does not exist.
 */
export function gs1Date(yymmdd: string, referenceYear: number): string | null {
  if (!/^\d{6}$/.test(yymmdd)) return null;
  const yy = Number(yymmdd.slice(0, 2));
  const mm = Number(yymmdd.slice(2, 4));
  const dd = Number(yymmdd.slice(4, 6));
  const currentCentury = Math.floor(referenceYear / 100) * 100;
  const diff = yy - (referenceYear % 100);
  const year = diff >= 51 ? currentCentury - 100 + yy : diff <= -50 ? currentCentury + 100 + yy : currentCentury + yy;
  if (mm < 1 || mm > 12) return null;
  const lastDay = new Date(Date.UTC(year, mm, 0)).getUTCDate();
  if (dd > lastDay) return null;
  const day = dd === 0 ? lastDay : dd;
  return `${String(year).padStart(4, "0")}-${String(mm).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function checkField(ai: string, value: string, referenceYear: number): Gs1Problem | null {
  const spec = specOf(ai)!;
  if ("fixed" in spec) {
    if (value.length !== spec.fixed || !/^\d+$/.test(value)) return { code: "badLength", ai };
  } else {
    if (value.length === 0 || value.length > spec.max) return { code: "badLength", ai };
    if (spec.numeric && !/^\d+$/.test(value)) return { code: "badCharacter", ai };
    if (!GS1_CHARSET.test(value)) return { code: "badCharacter", ai };
  }
  if ((ai === "01" || ai === "02" || ai === "00") && !hasValidCheckDigit(value)) return { code: "badCheckDigit", ai };
  if (["11", "12", "13", "15", "16", "17"].includes(ai) && gs1Date(value, referenceYear) === null) return { code: "badDate", ai };
  return null;
}

/**
 * Splits the bracketed human form "(01)09506000134352(17)201225(10)ABC123". A lot may itself hold
 * "(" (GS1 allows it), so a fixed-length field takes its length and a variable one runs to the
 * next "(AI)" of a known AI.
 */
function splitBracketed(text: string): { ai: string; value: string }[] | Gs1Problem {
  const fields: { ai: string; value: string }[] = [];
  let rest = text;
  while (rest.length > 0) {
    const head = /^\((\d{2,4})\)/.exec(rest);
    if (!head) return { code: "unknownAi", at: rest.slice(0, 6) };
    const ai = head[1]!;
    const spec = specOf(ai);
    if (!spec) return { code: "unknownAi", at: ai };
    rest = rest.slice(head[0].length);
    let end: number;
    if ("fixed" in spec) {
      end = rest.search(/\(\d{2,4}\)/);
      if (end === -1) end = rest.length;
    } else {
      end = rest.length;
      const next = /\((\d{2,4})\)/g;
      for (let m = next.exec(rest); m; m = next.exec(rest)) {
        if (specOf(m[1]!)) {
          end = m.index;
          break;
        }
      }
    }
    fields.push({ ai, value: rest.slice(0, end).trim() });
    rest = rest.slice(end);
  }
  return fields;
}

/** Splits the raw scanner form: AIs run together, a GS after each variable-length field that is not last. */
function splitRaw(text: string): { ai: string; value: string }[] | Gs1Problem {
  const fields: { ai: string; value: string }[] = [];
  let rest = text;
  while (rest.length > 0) {
    if (rest.startsWith(GS)) {
      rest = rest.slice(1);
      continue;
    }
    const ai = aiAt(rest);
    if (!ai) return { code: "unknownAi", at: rest.slice(0, 4) };
    rest = rest.slice(ai.length);
    const spec = specOf(ai)!;
    if ("fixed" in spec) {
      fields.push({ ai, value: rest.slice(0, spec.fixed) });
      rest = rest.slice(spec.fixed);
    } else {
      const end = rest.indexOf(GS);
      const value = end === -1 ? rest : rest.slice(0, end);
      if (value.length > spec.max) return { code: "missingSeparator", ai };
      fields.push({ ai, value });
      rest = end === -1 ? "" : rest.slice(end + 1);
    }
  }
  return fields;
}

/**
 * Parses what a scanner typed (or a person pasted): the bracketed form "(01)…(17)…(10)…", the raw
 * form with GS separators (optionally after a symbology identifier such as "]d2" for GS1
 * DataMatrix, "]C1" for GS1-128, "]Q3" for GS1 QR, and a leading FNC1), or a bare GTIN-8/12/13/14
 * as read from a plain EAN/UPC barcode. Every field is checked: lengths, GS1's character set,
 * check digits (01, 02, 00) and dates.
 */
export function parseGs1(input: string, options: { referenceYear: number }): Gs1Parse {
  // Scanners end with Enter; some send the separator as the visible "<GS>" when the wedge cannot type ASCII 29.
  const text = input.replace(/[\r\n]+$/g, "").replace(/<GS>/gi, GS).replace(/^\](d2|C1|Q3|e0)/, "");
  if (text.trim() === "") return { ok: false, problem: { code: "empty" } };
  const bare = text.trim();
  if (/^\d+$/.test(bare) && [8, 12, 13, 14].includes(bare.length)) {
    const gtin = normaliseGtin(bare);
    if (!gtin) return { ok: false, problem: { code: "badCheckDigit", ai: "01" } };
    return { ok: true, value: { fields: [{ ai: "01", value: gtin }], gtin, expiry: null, lot: null, serial: null } };
  }
  const split = bare.startsWith("(") ? splitBracketed(bare) : splitRaw(text.replace(/^\s+|\s+$/g, ""));
  if (!Array.isArray(split)) return { ok: false, problem: split };
  for (const field of split) {
    const problem = checkField(field.ai, field.value, options.referenceYear);
    if (problem) return { ok: false, problem };
  }
  const get = (ai: string) => split.find((f) => f.ai === ai)?.value ?? null;
  const expiry = get("17");
  return {
    ok: true,
    value: {
      fields: split,
      gtin: get("01"),
      expiry: expiry === null ? null : gs1Date(expiry, options.referenceYear),
      lot: get("10"),
      serial: get("21"),
    },
  };
}
