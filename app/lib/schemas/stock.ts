import { z } from "zod";
import { GS1_LOT_PATTERN } from "../domain/gs1";
import { isValidGtin } from "../domain/stock";
import { choice, digitsOnly, hasNoNul, MAX_BIG_ID, MAX_INT_ID, NUL_MESSAGE, optionalText, queryId } from "./common";
import { zonedDay } from "../time";
import { idempotencyKeyField, occurredAtField } from "./movement";

// Shared by the stock forms (browser and server). Error messages are message keys.

export const MAX_STOCK_QUANTITY = 10_000_000;
export const RECEIPT_LINES = 3;
export const MAX_RECEIPT_LINES = 40;

export const adjustmentReasons = ["damaged", "expired", "lost", "vvm_discard", "found", "correction"] as const;
export type FormAdjustmentReason = (typeof adjustmentReasons)[number];
/** Reasons that take stock away, and the one that adds it; a correction goes either way. */
export const outgoingReasons: readonly FormAdjustmentReason[] = ["damaged", "expired", "lost", "vvm_discard"];
export const incomingReasons: readonly FormAdjustmentReason[] = ["found"];

/** What a form needs to know about an item to validate a line. */
export interface ItemRule {
  code: string;
  lotTracked: boolean;
  expires: boolean;
  category: string;
}

const emptyToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

const positiveQuantity = digitsOnly(
  z
    .number({ error: (issue) => (issue.input === undefined ? "validation.required" : "validation.wholeNumber") })
    .int("validation.wholeNumber")
    .min(1, "stock.quantityPositive")
    .max(MAX_STOCK_QUANTITY, "validation.tooLarge"),
);

const optionalCount = digitsOnly(
  z
    .number({ error: "validation.wholeNumber" })
    .int("validation.wholeNumber")
    .min(0, "validation.nonNegative")
    .max(1_000_000, "validation.tooLarge")
    .optional(),
);

const itemCodeField = z
  .string({ error: "validation.required" })
  // Checked here, before the code reaches a query: PostgreSQL refuses NUL in text parameters.
  .refine(hasNoNul, NUL_MESSAGE)
  .trim()
  .min(1, "validation.required")
  .max(20, "validation.tooLong");

const lotIdField = z.number({ error: "validation.choice" }).int("validation.choice").positive("validation.choice").max(MAX_INT_ID, "validation.choice");

const dayField = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "validation.date")
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), "validation.date")
  .optional();

const receiptLine = z.object({
  item: z
    .string()
    .trim()
    .optional()
    .transform((v) => v ?? ""),
  lotNumber: z
    .string()
    .refine(hasNoNul, NUL_MESSAGE)
    .trim()
    .max(40, "validation.tooLong")
    .optional()
    .transform((v) => v ?? ""),
  expiry: z.preprocess(emptyToUndefined, dayField),
  manufacturer: optionalText(120),
  vvmStage: z.number({ error: "validation.choice" }).int("validation.choice").min(1, "validation.choice").max(4, "validation.choice").optional(),
  gtin: z
    .string()
    .trim()
    .optional()
    .transform((v) => v ?? ""),
  quantity: digitsOnly(
    z
      .number({ error: "validation.wholeNumber" })
      .int("validation.wholeNumber")
      .min(1, "stock.quantityPositive")
      .max(MAX_STOCK_QUANTITY, "validation.tooLarge")
      .optional(),
  ),
});

/** A delivery from a supplier, donor or warehouse: one or more lines. Empty lines are dropped. */
export function receiptSchema(options: { timeZone: string; items: ItemRule[]; now?: () => Date }) {
  const byCode = new Map(options.items.map((i) => [i.code, i]));
  return z
    .object({
      idempotencyKey: idempotencyKeyField,
      occurredAt: occurredAtField(options.timeZone, options.now ?? (() => new Date())),
      source: z
        .string({ error: "validation.required" })
        .refine(hasNoNul, NUL_MESSAGE)
        .trim()
        .min(1, "validation.required")
        .max(120, "validation.tooLong"),
      documentRef: optionalText(80),
      lines: z
        .array(receiptLine)
        .max(MAX_RECEIPT_LINES, "validation.tooLong")
        .optional()
        .transform((rows) => rows ?? []),
      notes: optionalText(1000),
    })
    .superRefine((value, ctx) => {
      const seen = new Set<string>();
      let filled = 0;
      value.lines.forEach((line, index) => {
        const blank =
          line.item === "" && line.lotNumber === "" && !line.expiry && line.quantity === undefined && line.gtin === "" && line.manufacturer === "";
        if (blank) return;
        filled += 1;
        const at = (field: string) => ["lines", index, field];
        const item = byCode.get(line.item);
        if (!item) {
          ctx.addIssue({ code: "custom", path: at("item"), message: line.item === "" ? "validation.required" : "validation.choice" });
        }
        if (line.quantity === undefined) ctx.addIssue({ code: "custom", path: at("quantity"), message: "validation.required" });
        if (line.gtin !== "" && !isValidGtin(line.gtin)) ctx.addIssue({ code: "custom", path: at("gtin"), message: "stock.gtinInvalid" });
        if (!item) return;
        if (item.lotTracked) {
          if (line.lotNumber === "") ctx.addIssue({ code: "custom", path: at("lotNumber"), message: "stock.lotRequired" });
          else if (!GS1_LOT_PATTERN.test(line.lotNumber)) {
            ctx.addIssue({ code: "custom", path: at("lotNumber"), message: "stock.lotFormat" });
          }
          if (item.expires && !line.expiry) ctx.addIssue({ code: "custom", path: at("expiry"), message: "stock.expiryRequired" });
          // Stock already past its expiry on the day it arrives cannot be given to anyone: it is
          // not taken into the ledger as usable stock (nor silently): the field says so.
          if (item.expires && line.expiry && line.expiry < zonedDay(value.occurredAt, options.timeZone)) {
            ctx.addIssue({ code: "custom", path: at("expiry"), message: "stock.receiptExpired" });
          }
        } else if (line.lotNumber !== "") {
          // The same rule as the stock API: a number on an untracked item is a mistake, not ignored.
          ctx.addIssue({ code: "custom", path: at("lotNumber"), message: "stock.lotNotTracked" });
        }
        if (line.vvmStage !== undefined && item.category !== "vaccine") {
          ctx.addIssue({ code: "custom", path: at("vvmStage"), message: "stock.vvmOnlyVaccines" });
        }
        const key = `${item.code}\u0000${item.lotTracked ? line.lotNumber : ""}`;
        if (seen.has(key)) ctx.addIssue({ code: "custom", path: at(item.lotTracked ? "lotNumber" : "item"), message: "stock.lineDuplicate" });
        seen.add(key);
      });
      if (filled === 0) ctx.addIssue({ code: "custom", path: ["lines", 0, "item"], message: "stock.noLines" });
    });
}

/**
 * The filled lines of a valid receipt, ready for the ledger: empty rows dropped, and items that
 * are not lot-tracked put in their one lot without a number. (Kept out of the schema, whose
 * form constraints cannot be derived through a transform of the whole form.)
 */
export function receiptLines(lines: ReceiptInput["lines"], items: ItemRule[]) {
  const byCode = new Map(items.map((i) => [i.code, i]));
  return lines
    .filter((line) => line.item !== "" && byCode.has(line.item))
    .map((line) => {
      const item = byCode.get(line.item)!;
      return {
        item: line.item,
        lotNumber: item.lotTracked ? line.lotNumber : "",
        expiry: item.lotTracked && item.expires ? (line.expiry ?? null) : null,
        manufacturer: item.lotTracked ? line.manufacturer : "",
        vvmStage: line.vvmStage ?? null,
        gtin: line.gtin === "" ? null : line.gtin,
        quantity: line.quantity ?? 0,
      };
    });
}

type ReceiptInput = z.output<ReturnType<typeof receiptSchema>>;

/** A distribution to people: an item, how much, optionally which lot (otherwise FEFO), how many people served. */
export function issueSchema(options: { timeZone: string; now?: () => Date }) {
  return z.object({
    idempotencyKey: idempotencyKeyField,
    occurredAt: occurredAtField(options.timeZone, options.now ?? (() => new Date())),
    item: itemCodeField,
    quantity: positiveQuantity,
    lotId: lotIdField.optional(),
    peopleServed: optionalCount,
    notes: optionalText(1000),
  });
}

/** An adjustment of one lot: a signed quantity with a reason code. */
export function adjustmentSchema(options: { timeZone: string; now?: () => Date }) {
  return z
    .object({
      idempotencyKey: idempotencyKeyField,
      occurredAt: occurredAtField(options.timeZone, options.now ?? (() => new Date())),
      lotId: z.number({ error: "validation.required" }).int("validation.choice").positive("validation.choice").max(MAX_INT_ID, "validation.choice"),
      quantity: digitsOnly(
        z
          .number({ error: (issue) => (issue.input === undefined ? "validation.required" : "validation.wholeNumber") })
          .int("validation.wholeNumber")
          .min(-MAX_STOCK_QUANTITY, "validation.tooLarge")
          .max(MAX_STOCK_QUANTITY, "validation.tooLarge")
          .refine((v) => v !== 0, "stock.quantityNonZero"),
        { signed: true },
      ),
      reason: choice(adjustmentReasons),
      notes: optionalText(1000),
    })
    .superRefine((value, ctx) => {
      if (outgoingReasons.includes(value.reason) && value.quantity > 0) {
        ctx.addIssue({ code: "custom", path: ["quantity"], message: "stock.reasonTakesAway" });
      }
      if (incomingReasons.includes(value.reason) && value.quantity < 0) {
        ctx.addIssue({ code: "custom", path: ["quantity"], message: "stock.reasonAdds" });
      }
    });
}

export const lotIntents = ["condition", "writeoff"] as const;

/** The lot page's condition form: a VVM stage reading and/or a temperature excursion. */
export const lotConditionSchema = z
  .object({
    intent: z.literal("condition"),
    vvmStage: z.number({ error: "validation.choice" }).int("validation.choice").min(1, "validation.choice").max(4, "validation.choice").optional(),
    excursion: z.boolean().optional().transform((v) => v ?? false),
    note: optionalText(300),
  })
  .superRefine((value, ctx) => {
    if (value.vvmStage === undefined && !value.excursion) {
      ctx.addIssue({ code: "custom", path: ["vvmStage"], message: "stock.conditionNothing" });
    }
  });

/** The lot page's write-off: the whole remaining quantity, in one action. */
export const lotWriteOffSchema = z.object({
  intent: z.literal("writeoff"),
  idempotencyKey: idempotencyKeyField,
  quantity: z.number({ error: "validation.required" }).int("validation.wholeNumber").min(1, "stock.quantityPositive"),
});

/** The stock card's filters, from the query string; invalid values are ignored. */
export const stockCardFilterSchema = z.object({
  lot: queryId(),
  before: queryId(MAX_BIG_ID),
});

export function parseStockCardFilters(url: URL) {
  const parsed = stockCardFilterSchema.safeParse(Object.fromEntries(url.searchParams));
  return parsed.success ? parsed.data : {};
}
