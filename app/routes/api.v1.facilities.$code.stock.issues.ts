// POST /api/v1/facilities/:code/stock/issues: a distribution to people (docs/api.md, "Stock").
// Without a lot number, lots are picked first-expired-first-out among usable stock; expired,
// quarantined and VVM 3-4 stock is never issued. Same tokens, idempotency and errors as the
// intake API. A resource route: no default export, so it is never rendered.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  fieldErrorsFromIssues,
  handleApiWrite,
  methodNotAllowed,
  refusal,
  translateFieldErrors,
  validationResult,
  withApiErrors,
} from "~/lib/api.server";
import { apiTokenActor } from "~/lib/commands/actor.server";
import { issueInputFromApi, issueStockIn } from "~/lib/commands/issue-stock.server";
import { env } from "~/lib/env.server";
import { dayOf } from "~/lib/population.server";
import { stockIssueSchema, stockItemBody } from "~/lib/schemas/stockapi";
import { facilityStock } from "~/lib/stock.server";

export function action(args: ActionFunctionArgs) {
  return handleApiWrite(args, "stock/issues", async ({ tx, token, facility, body, key }) => {
    const parsed = stockIssueSchema({ timeZone: env().ALBERGUE_TIME_ZONE }).safeParse(body);
    if (!parsed.success) return validationResult(fieldErrorsFromIssues(parsed.error.issues));
    const value = parsed.data;
    // handleApiWrite owns the transaction (it also claims the Idempotency-Key), so the command runs in it.
    const outcome = await issueStockIn(tx, apiTokenActor(token, args.context), issueInputFromApi(facility.id, value), key);
    if (outcome.status === "invalid") return validationResult(translateFieldErrors(outcome.fieldErrors));
    if (outcome.status === "refused") {
      return refusal(outcome.fieldErrors, { message: "stockapi.refused", extra: { available: outcome.available, requested: outcome.requested } });
    }
    if (outcome.status === "twin") return refusal({}, { message: "stockapi.refused" });

    const [stock] = (await facilityStock(tx, facility.id, dayOf(new Date()))).filter((s) => s.itemId === outcome.itemId);
    const lotOf = new Map(stock?.lots.map((l) => [l.lotId, l]) ?? []);
    return {
      status: 201,
      body: {
        operationId: outcome.operationId,
        facility: facility.code,
        item: value.item,
        quantity: value.quantity,
        peopleServed: value.peopleServed,
        picks: outcome.picks.map((p) => ({
          lotNumber: lotOf.get(p.lotId)?.lotNumber ?? "",
          expiry: lotOf.get(p.lotId)?.expiry ?? null,
          quantity: p.quantity,
          balanceAfter: p.balanceAfter,
        })),
        stock: stock ? stockItemBody(stock) : null,
      },
    };
  });
}

export function loader({ request, context }: LoaderFunctionArgs) {
  return withApiErrors(context, request, async () => methodNotAllowed("POST"));
}
