// POST /api/v1/facilities/:code/stock/issues: a distribution to people (docs/api.md, "Stock").
// Without a lot number, lots are picked first-expired-first-out among usable stock; expired,
// quarantined and VVM 3-4 stock is never issued. Same tokens, idempotency and errors as the
// intake API. A resource route: no default export, so it is never rendered.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { appendAudit } from "#db/audit.server";
import { lots } from "#db/schema";
import { issueStock, listItems } from "#db/stock.server";
import {
  apiMessage,
  fieldErrorsFromIssues,
  handleApiWrite,
  ledgerKey,
  methodNotAllowed,
  refusal,
  validationResult,
  withApiErrors,
} from "~/lib/api.server";
import { env } from "~/lib/env.server";
import { messageWithParams } from "~/lib/i18n";
import { dayOf } from "~/lib/population.server";
import { stockIssueSchema, stockItemBody } from "~/lib/schemas/stockapi";
import { facilityStock } from "~/lib/stock.server";

export function action(args: ActionFunctionArgs) {
  return handleApiWrite(args, "stock/issues", async ({ tx, token, facility, body, key, actor }) => {
    const parsed = stockIssueSchema({ timeZone: env().ALBERGUE_TIME_ZONE }).safeParse(body);
    if (!parsed.success) return validationResult(fieldErrorsFromIssues(parsed.error.issues));
    const value = parsed.data;

    const item = (await listItems(tx)).find((i) => i.code === value.item);
    if (!item) return validationResult({ item: [apiMessage(messageWithParams("stockapi.itemUnknown", { code: value.item }))] });
    let lot: { id: number; expiry: string | null } | undefined;
    if (value.lotNumber !== "") {
      if (!item.lotTracked) return validationResult({ lotNumber: [apiMessage("stockapi.lotNotTracked")] });
      [lot] = await tx
        .select({ id: lots.id, expiry: lots.expiry })
        .from(lots)
        .where(and(eq(lots.itemId, item.id), eq(lots.lotNumber, value.lotNumber)));
      if (!lot) return validationResult({ lotNumber: [apiMessage(messageWithParams("stockapi.lotUnknown", { lot: value.lotNumber }))] });
    }

    // Expiry is judged on today's date where the facility is, whatever the time of the distribution.
    const today = dayOf(new Date());
    const idempotencyKey = ledgerKey(token.id, key);
    const outcome = await issueStock(
      tx,
      {
        facilityId: facility.id,
        itemId: item.id,
        quantity: value.quantity,
        lotId: lot?.id ?? null,
        peopleServed: value.peopleServed,
        occurredAt: value.occurredAt,
        today,
        notes: value.notes,
      },
      { recordedBy: null, apiTokenId: token.id, idempotencyKey },
    );
    if (outcome.status === "insufficient") {
      const message = lot
        ? messageWithParams("stockapi.insufficientLot", { available: outcome.available, lot: value.lotNumber })
        : messageWithParams("stockapi.insufficient", { available: outcome.available });
      return refusal(
        { quantity: [message] },
        { message: "stockapi.refused", extra: { available: outcome.available, requested: outcome.requested } },
      );
    }
    if (outcome.status === "unusable") {
      const message = messageWithParams(`stockapi.unusable.${outcome.reason}`, { lot: value.lotNumber, expiry: lot?.expiry ?? "" });
      return refusal({ lotNumber: [message] }, { message: "stockapi.refused", extra: { available: 0, requested: value.quantity } });
    }
    if (outcome.status !== "created" && outcome.status !== "duplicate") return refusal({}, { message: "stockapi.refused" });

    if (outcome.status === "created") {
      await appendAudit(tx, actor, {
        action: "create",
        entity: "stock_operation",
        entityId: outcome.operationId,
        facilityId: facility.id,
        changes: {
          kind: "issue",
          via: "api",
          tokenId: token.id,
          tokenName: token.name,
          idempotencyKey,
          occurredAt: value.occurredAt.toISOString(),
          item: item.code,
          lotNumber: value.lotNumber || null,
          quantity: value.quantity,
          peopleServed: value.peopleServed,
          picks: outcome.entries.map((e) => ({ lotId: e.lotId, quantity: -e.quantity })),
        },
      });
    }

    const [stock] = (await facilityStock(tx, facility.id, today)).filter((s) => s.itemId === item.id);
    const lotOf = new Map(stock?.lots.map((l) => [l.lotId, l]) ?? []);
    return {
      status: 201,
      body: {
        operationId: outcome.operationId,
        facility: facility.code,
        item: item.code,
        quantity: value.quantity,
        peopleServed: value.peopleServed,
        picks:
          outcome.status === "created"
            ? outcome.entries.map((e) => ({
                lotNumber: lotOf.get(e.lotId)?.lotNumber ?? "",
                expiry: lotOf.get(e.lotId)?.expiry ?? null,
                quantity: -e.quantity,
                balanceAfter: e.balanceAfter,
              }))
            : [],
        stock: stock ? stockItemBody(stock) : null,
      },
    };
  });
}

export function loader({ request, context }: LoaderFunctionArgs) {
  return withApiErrors(context, request, async () => methodNotAllowed("POST"));
}
