// POST /api/v1/facilities/:code/arrivals: a group arrival from another system (docs/api.md).
// A resource route: no default export, so it is never rendered.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { appendAudit } from "#db/audit.server";
import { recordArrival } from "#db/census.server";
import {
  fieldErrorsFromIssues,
  handleApiWrite,
  ledgerKey,
  methodNotAllowed,
  readCensus,
  refusal,
  validationResult,
  withApiErrors,
} from "~/lib/api.server";
import { env } from "~/lib/env.server";
import { dayOf, refusalFieldErrors } from "~/lib/population.server";
import { arrivalSchema, countsOf } from "~/lib/schemas/movement";

export function action(args: ActionFunctionArgs) {
  return handleApiWrite(args, "arrivals", async ({ tx, token, facility, body, key, actor }) => {
    // The form's own schema; the header's key stands in for the form's hidden field.
    const parsed = arrivalSchema({ timeZone: env().ALBERGUE_TIME_ZONE }).safeParse({ ...body, idempotencyKey: key });
    if (!parsed.success) return validationResult(fieldErrorsFromIssues(parsed.error.issues));
    const value = parsed.data;
    const counts = countsOf(value);
    const idempotencyKey = ledgerKey(token.id, key);
    const outcome = await recordArrival(
      tx,
      {
        facilityId: facility.id,
        occurredAt: value.occurredAt,
        day: dayOf(value.occurredAt),
        counts,
        nationalities: Object.fromEntries(value.nationalities.map((row) => [row.country, row.count])),
        biometricsRegistered: value.biometricsRegistered,
        origin: value.origin,
        notes: value.notes,
      },
      { recordedBy: null, apiTokenId: token.id, idempotencyKey },
    );
    const refused = refusalFieldErrors(outcome);
    if (refused) return refusal(refused);
    if (outcome.status !== "created" && outcome.status !== "duplicate") return refusal({});
    if (outcome.status === "created") {
      await appendAudit(tx, actor, {
        action: "create",
        entity: "population_entry",
        entityId: outcome.entryId,
        facilityId: facility.id,
        changes: {
          kind: "arrival",
          via: "api",
          tokenId: token.id,
          tokenName: token.name,
          idempotencyKey,
          occurredAt: value.occurredAt.toISOString(),
          counts,
          nationalities: value.nationalities,
          biometricsRegistered: value.biometricsRegistered,
          origin: value.origin,
        },
      });
    }
    return { status: 201, body: { entryId: outcome.entryId, census: await readCensus(tx, facility.id) } };
  });
}

export function loader({ request, context }: LoaderFunctionArgs) {
  return withApiErrors(context, request, async () => methodNotAllowed("POST"));
}
