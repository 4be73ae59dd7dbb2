// POST /api/v1/facilities/:code/stock/receipts: a delivery from a supplier, donor or warehouse
// (docs/api.md, "Stock"). Same tokens, idempotency and errors as the intake API.
// A resource route: no default export, so it is never rendered.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { and, inArray } from "drizzle-orm";
import { appendAudit } from "#db/audit.server";
import { lots } from "#db/schema";
import { listItems, receiveStock, setLotCondition } from "#db/stock.server";
import {
  apiMessage,
  fieldErrorsFromIssues,
  handleApiWrite,
  ledgerKey,
  methodNotAllowed,
  refusal,
  validationResult,
  withApiErrors,
  type FieldErrors,
} from "~/lib/api.server";
import { env } from "~/lib/env.server";
import { messageWithParams } from "~/lib/i18n";
import { dayOf } from "~/lib/time.server";
import { stockItemBody, stockReceiptSchema } from "~/lib/schemas/stockapi";
import { facilityStock } from "~/lib/stock.server";

export function action(args: ActionFunctionArgs) {
  return handleApiWrite(args, "stock/receipts", async ({ tx, token, facility, body, key, actor }) => {
    const parsed = stockReceiptSchema({ timeZone: env().ALBERGUE_TIME_ZONE }).safeParse(body);
    if (!parsed.success) return validationResult(fieldErrorsFromIssues(parsed.error.issues));
    const value = parsed.data;

    // Each line against the catalogue: the item exists, a lot number and an expiry exactly
    // when the item is tracked by lot and expires, a VVM stage only on vaccines.
    const catalogue = new Map((await listItems(tx)).map((i) => [i.code, i]));
    const fields: FieldErrors = {};
    const add = (index: number, field: string, message: string) => {
      (fields[`lines[${index}].${field}`] ??= []).push(apiMessage(message));
    };
    value.lines.forEach((line, index) => {
      const item = catalogue.get(line.item);
      if (!item) return add(index, "item", messageWithParams("stockapi.itemUnknown", { code: line.item }));
      if (item.lotTracked && line.lotNumber === "") add(index, "lotNumber", "stockapi.lotRequired");
      if (!item.lotTracked && line.lotNumber !== "") add(index, "lotNumber", "stockapi.lotNotTracked");
      if (item.lotTracked && item.expires && !line.expiry) add(index, "expiry", "stockapi.expiryRequired");
      if ((!item.lotTracked || !item.expires) && line.expiry) add(index, "expiry", "stockapi.expiryNotExpected");
      if (line.vvmStage !== null && item.category !== "vaccine") add(index, "vvmStage", "stockapi.vvmNotVaccine");
    });
    if (Object.keys(fields).length) return validationResult(fields);
    const lines = value.lines.map((line) => ({ ...line, itemId: catalogue.get(line.item)!.id }));

    // A known lot keeps its expiry: a line that names it with another one is refused, saying which.
    const known = await tx
      .select({ itemId: lots.itemId, lotNumber: lots.lotNumber, expiry: lots.expiry })
      .from(lots)
      .where(and(inArray(lots.itemId, [...new Set(lines.map((l) => l.itemId))]), inArray(lots.lotNumber, [...new Set(lines.map((l) => l.lotNumber))])));
    const mismatches: Record<string, string[]> = {};
    lines.forEach((line, index) => {
      const lot = known.find((k) => k.itemId === line.itemId && k.lotNumber === line.lotNumber);
      if (lot?.expiry && line.expiry && lot.expiry !== line.expiry) {
        mismatches[`lines[${index}].expiry`] = [messageWithParams("stockapi.expiryMismatch", { lot: line.lotNumber, expiry: lot.expiry })];
      }
    });
    if (Object.keys(mismatches).length) return refusal(mismatches, { message: "stockapi.refused" });

    const idempotencyKey = ledgerKey(token.id, key);
    const outcome = await receiveStock(
      tx,
      {
        facilityId: facility.id,
        occurredAt: value.occurredAt,
        source: value.source,
        documentRef: value.documentRef,
        notes: value.notes,
        lines: lines.map((l) => ({
          itemId: l.itemId,
          lotNumber: l.lotNumber,
          expiry: l.expiry,
          manufacturer: l.manufacturer,
          vvmStage: l.vvmStage,
          gtin: l.gtin,
          quantity: l.quantity,
        })),
      },
      { recordedBy: null, apiTokenId: token.id, idempotencyKey },
    );
    if (outcome.status === "invalid") return refusal({ lines: ["stockapi.refused"] }, { message: "stockapi.refused" });
    if (outcome.status !== "created" && outcome.status !== "duplicate") return refusal({}, { message: "stockapi.refused" });

    // A vaccine that arrives at VVM stage 3 or 4 is recorded, and quarantined at once.
    if (outcome.status === "created") {
      for (const [index, line] of lines.entries()) {
        if (line.vvmStage !== null && line.vvmStage >= 3) {
          await setLotCondition(tx, {
            facilityId: facility.id,
            lotId: outcome.entries[index]!.lotId,
            vvmStage: line.vvmStage,
            quarantine: true,
            reason: `VVM ${line.vvmStage}`,
          });
        }
      }
      await appendAudit(tx, actor, {
        action: "create",
        entity: "stock_operation",
        entityId: outcome.operationId,
        facilityId: facility.id,
        changes: {
          kind: "receipt",
          via: "api",
          tokenId: token.id,
          tokenName: token.name,
          idempotencyKey,
          occurredAt: value.occurredAt.toISOString(),
          source: value.source,
          documentRef: value.documentRef,
          lines: lines.map((l) => ({ item: l.item, lotNumber: l.lotNumber, expiry: l.expiry, vvmStage: l.vvmStage, quantity: l.quantity })),
        },
      });
    }

    const stock = await facilityStock(tx, facility.id, dayOf(new Date()));
    const touched = new Set(lines.map((l) => l.item));
    return {
      status: 201,
      body: {
        operationId: outcome.operationId,
        facility: facility.code,
        lines:
          outcome.status === "created"
            ? lines.map((l, index) => ({
                item: l.item,
                lotNumber: l.lotNumber,
                expiry: l.expiry,
                quantity: l.quantity,
                balanceAfter: outcome.entries[index]!.balanceAfter,
              }))
            : [],
        stock: stock.filter((s) => touched.has(s.code)).map(stockItemBody),
      },
    };
  });
}

export function loader({ request, context }: LoaderFunctionArgs) {
  return withApiErrors(context, request, async () => methodNotAllowed("POST"));
}
