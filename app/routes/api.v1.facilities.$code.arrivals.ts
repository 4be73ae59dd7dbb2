// POST /api/v1/facilities/:code/arrivals: a group arrival from another system (docs/api.md).
// A resource route: no default export, so it is never rendered.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  fieldErrorsFromIssues,
  handleApiWrite,
  methodNotAllowed,
  readCensus,
  refusal,
  validationResult,
  withApiErrors,
} from "~/lib/api.server";
import { apiTokenActor } from "~/lib/commands/actor.server";
import { arrivalInputOf, recordArrivalIn } from "~/lib/commands/record-arrival.server";
import { env } from "~/lib/env.server";
import { arrivalSchema } from "~/lib/schemas/movement";

export function action(args: ActionFunctionArgs) {
  return handleApiWrite(args, "arrivals", async ({ tx, token, facility, body, key }) => {
    // The form's own schema; the header's key stands in for the form's hidden field.
    const parsed = arrivalSchema({ timeZone: env().ALBERGUE_TIME_ZONE }).safeParse({ ...body, idempotencyKey: key });
    if (!parsed.success) return validationResult(fieldErrorsFromIssues(parsed.error.issues));
    // handleApiWrite owns the transaction (it also claims the Idempotency-Key), so the command runs in it.
    const outcome = await recordArrivalIn(tx, apiTokenActor(token, args.context), arrivalInputOf(facility.id, parsed.data), key);
    if (outcome.status === "refused") return refusal(outcome.fieldErrors);
    if (outcome.status === "question") return refusal({});
    return { status: 201, body: { entryId: outcome.entryId, census: await readCensus(tx, facility.id) } };
  });
}

export function loader({ request, context }: LoaderFunctionArgs) {
  return withApiErrors(context, request, async () => methodNotAllowed("POST"));
}
