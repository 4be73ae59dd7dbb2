// GET /api/v1/facilities/:code/census: people present now, by group (docs/api.md).
// A resource route: no default export, so it is never rendered.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authenticate, facilityForToken, jsonResponse, methodNotAllowed, readCensus, withApiErrors } from "~/lib/api.server";
import { getDb } from "~/lib/db.server";

export function loader({ request, context, params }: LoaderFunctionArgs) {
  return withApiErrors(context, request, async () => {
    const token = await authenticate(request);
    const facility = await facilityForToken(token, params.code);
    // Read from the maintained balance: one row, however long the history.
    const census = await readCensus(getDb(), facility.id);
    return jsonResponse(200, { facility: facility.code, ...census });
  });
}

export function action({ request, context }: ActionFunctionArgs) {
  return withApiErrors(context, request, async () => methodNotAllowed("GET"));
}
