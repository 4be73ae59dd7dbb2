// POST /api/v1/facilities/:code/stock/receipts: a delivery from a supplier, donor or warehouse
// (docs/api.md, "Stock"). Same tokens, idempotency and errors as the intake API.
// A resource route: no default export, so it is never rendered.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { fieldErrorsFromIssues, handleApiWrite, methodNotAllowed, refusal, translateFieldErrors, validationResult, withApiErrors } from "~/lib/api.server";
import { apiTokenActor } from "~/lib/commands/actor.server";
import { receiptInputFromApi, recordReceiptIn } from "~/lib/commands/record-receipt.server";
import { env } from "~/lib/env.server";
import { dayOf } from "~/lib/time.server";
import { stockItemBody, stockReceiptSchema } from "~/lib/schemas/stockapi";
import { facilityStock } from "~/lib/stock.server";

export function action(args: ActionFunctionArgs) {
  return handleApiWrite(args, "stock/receipts", async ({ tx, token, facility, body, key }) => {
    const parsed = stockReceiptSchema({ timeZone: env().ALBERGUE_TIME_ZONE }).safeParse(body);
    if (!parsed.success) return validationResult(fieldErrorsFromIssues(parsed.error.issues));
    const value = parsed.data;
    // handleApiWrite owns the transaction (it also claims the Idempotency-Key), so the command runs in it.
    const outcome = await recordReceiptIn(tx, apiTokenActor(token, args.context), receiptInputFromApi(facility.id, value), key);
    if (outcome.status === "invalid") return validationResult(translateFieldErrors(outcome.fieldErrors));
    if (outcome.status === "refused") return refusal(outcome.fieldErrors, { message: "stockapi.refused" });
    if (outcome.status === "twin") return refusal({}, { message: "stockapi.refused" });

    const stock = await facilityStock(tx, facility.id, dayOf(new Date()));
    const touched = new Set(value.lines.map((l) => l.item));
    return {
      status: 201,
      body: {
        operationId: outcome.operationId,
        facility: facility.code,
        lines: outcome.lines.map((l) => ({ item: l.item, lotNumber: l.lotNumber, expiry: l.expiry, quantity: l.quantity, balanceAfter: l.balanceAfter })),
        stock: stock.filter((s) => touched.has(s.code)).map(stockItemBody),
      },
    };
  });
}

export function loader({ request, context }: LoaderFunctionArgs) {
  return withApiErrors(context, request, async () => methodNotAllowed("POST"));
}
