// GET /api/v1/facilities/:code/stock: per item and lot, usable, quarantined and expired
// quantities and days of cover (docs/api.md, "Stock"). Every figure comes from facilityStock,
// the one place stock is computed, so the API and the stock page never disagree.
// A resource route: no default export, so it is never rendered.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authenticate, facilityForToken, jsonResponse, methodNotAllowed, withApiErrors } from "~/lib/api.server";
import { getDb } from "~/lib/db.server";
import { dayOf } from "~/lib/time.server";
import { stockItemBody } from "~/lib/schemas/stockapi";
import { facilityStock } from "~/lib/stock.server";

export function loader({ request, context, params }: LoaderFunctionArgs) {
  return withApiErrors(context, request, async () => {
    if (request.method !== "GET" && request.method !== "HEAD") return methodNotAllowed("GET");
    const token = await authenticate(request);
    const facility = await facilityForToken(token, params.code);
    const today = dayOf(new Date());
    // Read from the maintained balances and today's census: a few rows, however long the history.
    const items = await facilityStock(getDb(), facility.id, today);
    return jsonResponse(200, { facility: facility.code, today, items: items.map(stockItemBody) });
  });
}

export function action({ request, context }: ActionFunctionArgs) {
  return withApiErrors(context, request, async () => methodNotAllowed("GET"));
}
