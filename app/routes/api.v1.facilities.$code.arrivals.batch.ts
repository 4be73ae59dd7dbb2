// POST /api/v1/facilities/:code/arrivals/batch: up to 500 group arrivals in one request, all or
// nothing, each with its own idempotency key (docs/api.md, "Batches"). A resource route.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleApiBatch } from "~/lib/api-batch.server";
import { methodNotAllowed, readCensus, withApiErrors } from "~/lib/api.server";
import { arrivalInputOf, recordArrivalsIn } from "~/lib/commands/record-arrival.server";
import { env } from "~/lib/env.server";
import { arrivalSchema } from "~/lib/schemas/movement";

export function action(args: ActionFunctionArgs) {
  return handleApiBatch(args, {
    // The single endpoint's body, with the key it takes from the header as a field of the record.
    schema: arrivalSchema({ timeZone: env().ALBERGUE_TIME_ZONE }),
    // Set-based: the same rows as the single endpoint's command, in a few statements per batch.
    write: async (tx, actor, facility, records) => {
      const outcomes = await recordArrivalsIn(tx, actor, facility.id, records.map((r) => ({ input: arrivalInputOf(facility.id, r.value), key: r.key })));
      return outcomes.map((outcome) =>
        outcome.status === "refused" ? { ok: false, fields: outcome.fieldErrors } : { ok: true, body: { status: outcome.status, entryId: outcome.entryId } },
      );
    },
    finish: async (tx, facility) => ({ summary: { census: await readCensus(tx, facility.id) } }),
  });
}

export function loader({ request, context }: LoaderFunctionArgs) {
  return withApiErrors(context, request, async () => methodNotAllowed("POST"));
}
