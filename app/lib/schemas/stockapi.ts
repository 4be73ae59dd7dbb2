import { z } from "zod";
import { GS1_LOT_PATTERN } from "../domain/gs1";
import { isValidGtin } from "../domain/stock";
import { hasNoNul, NUL_MESSAGE, optionalText } from "./common";
import { occurredAtField } from "./movement";

// The bodies of the stock API (docs/api.md, "Stock"). Items are named by code and lots by
// number; the route checks them against the catalogue (lot tracking, expiry). Error messages
// are message keys, sent in English by api.server.ts.

/** The most of one item in one line: ten million units (litres of water included). */
export const MAX_API_QUANTITY = 10_000_000;
export const MAX_API_RECEIPT_LINES = 50;
export const MAX_PEOPLE_SERVED = 1_000_000;

const quantityField = z
  .number({ error: (issue) => (issue.input === undefined ? "validation.required" : "validation.wholeNumber") })
  .int("validation.wholeNumber")
  .min(1, "stockapi.quantityPositive")
  .max(MAX_API_QUANTITY, "validation.tooLarge");

const itemField = z
  .string({ error: "validation.required" })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9-]{2,20}$/, "stockapi.itemCode");

/** A new lot's number: GS1's rule, up to 20 characters of its 82-character set (decision 023). */
const lotNumberField = z
  .string({ error: "stockapi.lotNumber" })
  .trim()
  .refine((v) => v === "" || GS1_LOT_PATTERN.test(v), "stockapi.lotNumber")
  .optional()
  .transform((v) => v ?? "");

/**
 * A known lot's number, as an issue names it: GS1's set, and the longer numbers with spaces that
 * receipts accepted before decision 023, so a lot already in stock can still be named.
 */
const knownLotNumberField = z
  .string({ error: "stockapi.lotNumber" })
  .trim()
  .max(40, "stockapi.lotNumber")
  .regex(/^[ !"%&'()*+,\-./0-9:;<=>?A-Z_a-z]*$/, "stockapi.lotNumber")
  .optional()
  .transform((v) => v ?? "");

/** A calendar day, YYYY-MM-DD, that exists (2027-02-30 does not). */
export const dayField = z
  .string({ error: "stockapi.date" })
  .trim()
  .refine((value) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
    const ms = Date.parse(`${value}T00:00:00Z`);
    return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value && value >= "2000-01-01" && value <= "2099-12-31";
  }, "stockapi.date");

const receiptLine = z.object({
  item: itemField,
  lotNumber: lotNumberField,
  expiry: dayField.optional().nullable().transform((v) => v ?? null),
  manufacturer: optionalText(120),
  vvmStage: z
    .number({ error: "validation.choice" })
    .int("validation.choice")
    .min(1, "validation.choice")
    .max(4, "validation.choice")
    .optional()
    .nullable()
    .transform((v) => v ?? null),
  gtin: z
    .string({ error: "stockapi.gtin" })
    .trim()
    .refine((v) => v === "" || isValidGtin(v), "stockapi.gtin")
    .optional()
    .nullable()
    .transform((v) => (v ? v : null)),
  quantity: quantityField,
});

export type ApiReceiptLine = z.output<typeof receiptLine>;

/** POST /stock/receipts: a delivery from a supplier, donor or warehouse, one line per item and lot. */
export function stockReceiptSchema(options: { timeZone: string; now?: () => Date }) {
  return z.object({
    occurredAt: occurredAtField(options.timeZone, options.now ?? (() => new Date())),
    source: z
      .string({ error: "validation.required" })
      .refine(hasNoNul, NUL_MESSAGE)
      .trim()
      .min(1, "validation.required")
      .max(120, "validation.tooLong"),
    documentRef: optionalText(80),
    notes: optionalText(1000),
    lines: z
      .array(receiptLine, { error: "stockapi.linesRequired" })
      .min(1, "stockapi.linesRequired")
      .max(MAX_API_RECEIPT_LINES, "validation.tooLong"),
  });
}

/** POST /stock/issues: a distribution to people; without a lot, lots are picked first-expired-first-out. */
export function stockIssueSchema(options: { timeZone: string; now?: () => Date }) {
  return z.object({
    occurredAt: occurredAtField(options.timeZone, options.now ?? (() => new Date())),
    item: itemField,
    lotNumber: knownLotNumberField,
    quantity: quantityField,
    peopleServed: z
      .number({ error: (issue) => (issue.input === undefined ? "validation.required" : "validation.wholeNumber") })
      .int("validation.wholeNumber")
      .min(0, "validation.nonNegative")
      .max(MAX_PEOPLE_SERVED, "validation.tooLarge"),
    notes: optionalText(1000),
  });
}

// ---------------------------------------------------------------------------------------
// Answers

/** The subset of facilityStock's figures the API sends (see app/lib/stock.server.ts). */
export interface StockFigures {
  code: string;
  nameEs: string;
  nameEn: string;
  category: string;
  unit: string;
  usable: number;
  quarantined: number;
  expired: number;
  inTransitIn: number;
  expiring: { within30: number; within60: number; within90: number };
  perDay: number;
  unknownTargets: string[];
  daysOfCover: number | null;
  leadTimeDays: number;
  safetyStockDays: number;
  reorderPoint: number;
  belowReorderPoint: boolean;
  lots: {
    lotNumber: string;
    expiry: string | null;
    vvmStage: number | null;
    quantity: number;
    quarantineReason: string;
    state: "usable" | "expired" | "quarantined" | "vvm";
  }[];
}

/**
 * One item as the API shows it: facilityStock's figures unchanged (never recomputed here), and
 * each lot held (quantity above zero) split into usable, quarantined (VVM 3-4 included) and
 * expired, so the totals are the sums of the lots.
 */
export function stockItemBody(item: StockFigures) {
  return {
    item: item.code,
    nameEs: item.nameEs,
    nameEn: item.nameEn,
    category: item.category,
    unit: item.unit,
    usable: item.usable,
    quarantined: item.quarantined,
    expired: item.expired,
    inTransitIn: item.inTransitIn,
    expiring: item.expiring,
    perDay: item.perDay,
    unknownTargets: item.unknownTargets,
    daysOfCover: item.daysOfCover,
    leadTimeDays: item.leadTimeDays,
    safetyStockDays: item.safetyStockDays,
    reorderPoint: item.reorderPoint,
    belowReorderPoint: item.belowReorderPoint,
    lots: item.lots
      .filter((lot) => lot.quantity > 0)
      .map((lot) => ({
        lotNumber: lot.lotNumber,
        expiry: lot.expiry,
        vvmStage: lot.vvmStage,
        state: lot.state,
        quantity: lot.quantity,
        usable: lot.state === "usable" ? lot.quantity : 0,
        quarantined: lot.state === "quarantined" || lot.state === "vvm" ? lot.quantity : 0,
        expired: lot.state === "expired" ? lot.quantity : 0,
        quarantineReason: lot.quarantineReason,
      })),
  };
}
