import { z } from "zod";
import { isPlausibleDay, MAX_INT_ID, optionalText, requiredText, wholeNumber } from "./common";
import { idempotencyKeyField } from "./movement";
import { MAX_STOCK_QUANTITY } from "./stockops";

// Stock requests (issue 17): raising one, the decisions on it (submit, approve, reject, close)
// and the warehouse's pick list. The same schemas validate in the browser and in the actions.

/** Lines of a request: one per item. */
export const MAX_REQUEST_LINES = 50;
/** Rows the new-request form shows at first (prefilled ones come on top). */
export const REQUEST_FORM_ROWS = 3;
/** Lines of a pick list: one per lot picked. */
export const MAX_PICK_LINES = 500;

/** A quantity typed in a form: plain digits (common.ts digitsOnly), or a number from JSON. */
const quantity = wholeNumber(MAX_STOCK_QUANTITY);

const id = z.number({ error: "validation.choice" }).int("validation.choice").positive("validation.choice").max(MAX_INT_ID, "validation.choice");
const itemCode = z
  .string({ error: "validation.choice" })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9-]{2,20}$/, "validation.choice");
const facilityCode = z
  .string({ error: "validation.choice" })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{2,8}$/, "validation.choice");
const checkbox = z
  .boolean()
  .optional()
  .transform((v) => v ?? false);

export function requestCreateSchema(options: { today: string }) {
  return z
    .object({
      idempotencyKey: idempotencyKeyField,
      supplier: facilityCode,
      neededBy: z
        .string({ error: "validation.required" })
        .refine(isPlausibleDay, "validation.date")
        .refine((day) => day >= options.today, "request.neededByPast"),
      emergency: checkbox,
      lines: z
        .array(z.object({ item: itemCode.optional(), quantity: quantity.optional() }))
        .max(MAX_REQUEST_LINES, "validation.tooLong")
        .optional()
        .transform((rows) => rows ?? []),
      notes: optionalText(1000),
    })
    .superRefine((value, ctx) => {
      const seen = new Set<string>();
      let filled = 0;
      value.lines.forEach((row, index) => {
        if (row.item === undefined && row.quantity === undefined) return;
        filled += 1;
        if (row.item === undefined) ctx.addIssue({ code: "custom", path: ["lines", index, "item"], message: "request.chooseItem" });
        else if (seen.has(row.item)) ctx.addIssue({ code: "custom", path: ["lines", index, "item"], message: "request.itemTwice" });
        else seen.add(row.item);
        if (row.quantity === undefined) ctx.addIssue({ code: "custom", path: ["lines", index, "quantity"], message: "validation.required" });
        else if (row.quantity === 0) ctx.addIssue({ code: "custom", path: ["lines", index, "quantity"], message: "request.quantityPositive" });
      });
      if (filled === 0) ctx.addIssue({ code: "custom", path: ["lines", 0, "item"], message: "request.noLines" });
    });
}

/** The filled lines of a parsed request, with their row index (for field errors). */
export function requestedLines(value: { lines: { item?: string; quantity?: number }[] }) {
  return value.lines.flatMap((row, index) => (row.item !== undefined && row.quantity ? [{ index, itemCode: row.item, quantity: row.quantity }] : []));
}

export const requestIntents = ["submit", "approve", "reject", "close"] as const;
export type RequestIntent = (typeof requestIntents)[number];

export const submitRequestSchema = z.object({ intent: z.literal("submit"), idempotencyKey: idempotencyKeyField });

/**
 * Approval: the approved quantity of every line (as requested unless changed); a change needs
 * a reason, checked by the command (it knows what was requested) and at the field.
 */
export const approveRequestSchema = z.object({
  intent: z.literal("approve"),
  idempotencyKey: idempotencyKeyField,
  lines: z
    .array(z.object({ itemId: id, approved: quantity }))
    .max(MAX_REQUEST_LINES, "validation.tooLong")
    .optional()
    .transform((rows) => rows ?? []),
  reason: optionalText(1000),
});

export const rejectRequestSchema = z.object({ intent: z.literal("reject"), idempotencyKey: idempotencyKeyField, reason: requiredText(1000) });

export const closeRequestSchema = z.object({ intent: z.literal("close"), idempotencyKey: idempotencyKeyField, reason: optionalText(1000) });

export const pickIntents = ["start", "confirm"] as const;
export type PickIntent = (typeof pickIntents)[number];

export const startPickSchema = z.object({ intent: z.literal("start"), idempotencyKey: idempotencyKeyField });

/** The pick list as confirmed: the quantity taken from each lot (0 for a lot not found on the shelf). */
export const confirmPickSchema = z.object({
  intent: z.literal("confirm"),
  idempotencyKey: idempotencyKeyField,
  lines: z
    .array(z.object({ lotId: id, quantity }))
    .max(MAX_PICK_LINES, "validation.tooLong")
    .optional()
    .transform((rows) => rows ?? []),
  notes: optionalText(1000),
});
