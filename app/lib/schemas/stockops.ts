import { z } from "zod";
import { allGroups } from "../domain/population";
import { messageWithParams } from "../i18n";
import { choice, digitsOnly, MAX_INT_ID, optionalText, requiredText, wholeNumber } from "./common";
import { idempotencyKeyField, occurredAtField } from "./movement";

// The stock operation forms (shipments between facilities, physical counts) and the item
// catalogue. The same schemas validate in the browser (Conform) and in the actions.

/** The most units one line of a form may move or count. */
export const MAX_STOCK_QUANTITY = 10_000_000;
/** Rows of the shipment form shown at first; more are added with the "add line" button. */
export const SHIPMENT_FORM_ROWS = 3;
export const MAX_SHIPMENT_LINES = 50;
/** Lines of a shipment receipt: one per lot sent. */
export const MAX_RECEIVE_LINES = 500;
/** Lines of a count sheet: one per lot at the facility. */
export const MAX_COUNT_LINES = 5000;
/** Per-facility settings of an item: one per facility. */
export const MAX_ITEM_SETTINGS = 1000;

function numberError(issue: { input?: unknown }) {
  return issue.input === undefined ? "validation.required" : "validation.number";
}

const quantity = digitsOnly(
  z.number({ error: numberError }).int("validation.wholeNumber").min(0, "validation.nonNegative").max(MAX_STOCK_QUANTITY, "validation.tooLarge"),
);

const id = z.number({ error: "validation.choice" }).int("validation.choice").positive("validation.choice").max(MAX_INT_ID, "validation.choice");

// ---------------------------------------------------------------------------------------
// Shipments

const shipmentRow = z.object({
  lot: id.optional(),
  quantity: quantity.optional(),
});

export function shipmentSendSchema(options: { timeZone: string; now?: () => Date }) {
  return z
    .object({
      idempotencyKey: idempotencyKeyField,
      occurredAt: occurredAtField(options.timeZone, options.now ?? (() => new Date())),
      toFacility: z
        .string({ error: "validation.choice" })
        .trim()
        .toUpperCase()
        .regex(/^[A-Z0-9]{2,8}$/, "validation.choice"),
      lines: z
        .array(shipmentRow)
        .max(MAX_SHIPMENT_LINES, "validation.tooLong")
        .optional()
        .transform((rows) => rows ?? []),
      notes: optionalText(1000),
    })
    .superRefine((value, ctx) => {
      const seen = new Set<number>();
      let filled = 0;
      value.lines.forEach((row, index) => {
        if (row.lot === undefined && row.quantity === undefined) return;
        filled += 1;
        if (row.lot === undefined) {
          ctx.addIssue({ code: "custom", path: ["lines", index, "lot"], message: "shipment.chooseLot" });
        } else if (seen.has(row.lot)) {
          ctx.addIssue({ code: "custom", path: ["lines", index, "lot"], message: "shipment.lotTwice" });
        } else {
          seen.add(row.lot);
        }
        if (row.quantity === undefined) {
          ctx.addIssue({ code: "custom", path: ["lines", index, "quantity"], message: "validation.required" });
        } else if (row.quantity === 0) {
          ctx.addIssue({ code: "custom", path: ["lines", index, "quantity"], message: "shipment.quantityPositive" });
        }
      });
      if (filled === 0) ctx.addIssue({ code: "custom", path: ["lines", 0, "lot"], message: "shipment.noLines" });
    });
}

/** The filled lines of a parsed shipment, with their row index (for field errors). */
export function pickedLines(value: { lines: { lot?: number; quantity?: number }[] }) {
  return value.lines.flatMap((row, index) =>
    row.lot !== undefined && row.quantity ? [{ index, lotId: row.lot, quantity: row.quantity }] : [],
  );
}

/**
 * Receiving a shipment: one received quantity per lot sent. `sent` (lot id → quantity sent)
 * lets the browser say at once that more cannot arrive than was sent.
 */
export function shipmentReceiveSchema(options: { timeZone: string; sent: Record<string, number>; now?: () => Date }) {
  return z
    .object({
      idempotencyKey: idempotencyKeyField,
      occurredAt: occurredAtField(options.timeZone, options.now ?? (() => new Date())),
      lines: z
        .array(z.object({ lotId: id, received: quantity }))
        .max(MAX_RECEIVE_LINES, "validation.tooLong")
        .optional()
        .transform((rows) => rows ?? []),
      notes: optionalText(1000),
    })
    .superRefine((value, ctx) => {
      value.lines.forEach((line, index) => {
        const sent = options.sent[String(line.lotId)];
        if (sent !== undefined && line.received > sent) {
          ctx.addIssue({
            code: "custom",
            path: ["lines", index, "received"],
            message: messageWithParams("shipment.moreThanSent", { sent }),
          });
        }
      });
    });
}

// ---------------------------------------------------------------------------------------
// Physical counts

export const countIntents = ["save", "submit"] as const;

export const countSheetSchema = z
  .object({
    intent: choice(countIntents),
    idempotencyKey: idempotencyKeyField,
    lines: z
      .array(z.object({ lotId: id, counted: quantity.optional() }))
      .max(MAX_COUNT_LINES, "validation.tooLong")
      .optional()
      .transform((rows) => rows ?? []),
  })
  .superRefine((value, ctx) => {
    if (value.intent !== "submit") return;
    value.lines.forEach((line, index) => {
      if (line.counted === undefined) {
        ctx.addIssue({ code: "custom", path: ["lines", index, "counted"], message: "countSheet.countEveryLine" });
      }
    });
  });

// ---------------------------------------------------------------------------------------
// Item catalogue

export const itemCategories = ["food", "water", "nutrition", "hygiene", "medical", "vaccine"] as const;
export type ItemCategory = (typeof itemCategories)[number];
export const openVialRules = ["days_28", "session_end"] as const;
/** Norm targets the census does not count: known only from the care records. */
export const nonCensusTargets = ["samChildren", "mamChildren", "assessedInfants"] as const;
/** Every target a per-person norm may name, in the order the form shows them. */
export const normTargets = ["everyone", ...allGroups, ...nonCensusTargets] as const;
export type NormTarget = (typeof normTargets)[number];
export { DEFAULT_LEAD_TIME_DAYS, DEFAULT_SAFETY_STOCK_DAYS } from "../domain/catalogue";

const celsius = z
  .number({ error: numberError })
  .min(-90, "itemAdmin.temperatureRange")
  .max(60, "itemAdmin.temperatureRange");

const checkbox = z
  .boolean()
  .optional()
  .transform((v) => v ?? false);

export const itemSchema = z
  .object({
    code: z
      .string({ error: "validation.required" })
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9-]{2,20}$/, "itemAdmin.codeFormat"),
    nameEs: requiredText(120),
    nameEn: requiredText(120),
    category: choice(itemCategories),
    unit: requiredText(20),
    lotTracked: checkbox,
    expires: checkbox,
    coldChain: checkbox,
    storageMinC: celsius.optional(),
    storageMaxC: celsius.optional(),
    dosesPerVial: z
      .number({ error: numberError })
      .int("validation.wholeNumber")
      .min(1, "itemAdmin.dosesPerVialRange")
      .max(100, "itemAdmin.dosesPerVialRange")
      .optional(),
    openVialRule: choice(openVialRules).optional(),
    wastageRate: z
      .number({ error: numberError })
      .min(0, "itemAdmin.wastageRange")
      .lt(1, "itemAdmin.wastageRange")
      .optional(),
    active: checkbox,
    norms: z
      .array(
        z.object({
          target: choice(normTargets),
          perPersonDay: z
            .number({ error: numberError })
            .min(0, "validation.nonNegative")
            .max(1000, "validation.tooLarge")
            .optional(),
          source: optionalText(300),
        }),
      )
      .max(normTargets.length, "validation.tooLong")
      .optional()
      .transform((rows) => rows ?? []),
    settings: z
      .array(
        z.object({
          facility: z.string().regex(/^[A-Z0-9]{2,8}$/, "validation.choice"),
          leadTimeDays: wholeNumber(365),
          safetyStockDays: wholeNumber(365),
        }),
      )
      .max(MAX_ITEM_SETTINGS, "validation.tooLong")
      .optional()
      .transform((rows) => rows ?? []),
  })
  .superRefine((value, ctx) => {
    if (value.expires && !value.lotTracked) {
      ctx.addIssue({ code: "custom", path: ["expires"], message: "itemAdmin.expiresNeedsLots" });
    }
    if (value.coldChain) {
      if (value.storageMinC === undefined) ctx.addIssue({ code: "custom", path: ["storageMinC"], message: "validation.required" });
      if (value.storageMaxC === undefined) ctx.addIssue({ code: "custom", path: ["storageMaxC"], message: "validation.required" });
      if (value.storageMinC !== undefined && value.storageMaxC !== undefined && value.storageMinC > value.storageMaxC) {
        ctx.addIssue({ code: "custom", path: ["storageMaxC"], message: "itemAdmin.storageOrder" });
      }
    }
    if (value.category === "vaccine") {
      if (value.dosesPerVial === undefined) ctx.addIssue({ code: "custom", path: ["dosesPerVial"], message: "validation.required" });
      if (value.openVialRule === undefined) ctx.addIssue({ code: "custom", path: ["openVialRule"], message: "validation.required" });
      if (value.wastageRate === undefined) ctx.addIssue({ code: "custom", path: ["wastageRate"], message: "validation.required" });
    }
    const targets = new Set<string>();
    value.norms.forEach((norm, index) => {
      if (targets.has(norm.target)) {
        ctx.addIssue({ code: "custom", path: ["norms", index, "perPersonDay"], message: "itemAdmin.normTwice" });
      }
      targets.add(norm.target);
    });
  });

/** A parsed item form as what is stored: what does not apply to the item is not kept. */
export function itemValues(value: z.output<typeof itemSchema>) {
  return {
    item: {
      code: value.code,
      nameEs: value.nameEs,
      nameEn: value.nameEn,
      category: value.category,
      unit: value.unit,
      lotTracked: value.lotTracked,
      expires: value.expires,
      coldChain: value.coldChain,
      storageMinC: value.coldChain ? (value.storageMinC ?? null) : null,
      storageMaxC: value.coldChain ? (value.storageMaxC ?? null) : null,
      dosesPerVial: value.category === "vaccine" ? (value.dosesPerVial ?? null) : null,
      openVialRule: value.category === "vaccine" ? (value.openVialRule ?? null) : null,
      wastageRate: value.category === "vaccine" ? (value.wastageRate ?? null) : null,
      active: value.active,
    },
    norms: value.norms.flatMap((n) =>
      n.perPersonDay === undefined ? [] : [{ target: n.target, perPersonDay: n.perPersonDay, source: n.source }],
    ),
    settings: value.settings,
  };
}
