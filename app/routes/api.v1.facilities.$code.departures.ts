// POST /api/v1/facilities/:code/departures: onward travel or a transfer to another facility
// (docs/api.md). A resource route: no default export, so it is never rendered.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { appendAudit } from "#db/audit.server";
import { recordDeparture, sendTransfer, type TransferOutcome } from "#db/census.server";
import { getFacilityByCode } from "#db/facilities.server";
import {
  apiMessage,
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
import { messageWithParams } from "~/lib/i18n";
import { dayOf, refusalFieldErrors } from "~/lib/population.server";
import { countsOf, departureSchema } from "~/lib/schemas/movement";

export function action(args: ActionFunctionArgs) {
  return handleApiWrite(args, "departures", async ({ tx, token, facility, body, key, actor }) => {
    // The form's own schema; the header's key stands in for the form's hidden field.
    const parsed = departureSchema({ timeZone: env().ALBERGUE_TIME_ZONE }).safeParse({ ...body, idempotencyKey: key });
    if (!parsed.success) return validationResult(fieldErrorsFromIssues(parsed.error.issues));
    const value = parsed.data;
    const counts = countsOf(value);
    const idempotencyKey = ledgerKey(token.id, key);
    const input = {
      facilityId: facility.id,
      occurredAt: value.occurredAt,
      day: dayOf(value.occurredAt),
      counts,
      destination: value.destination,
      notes: value.notes,
    };
    const ctx = { recordedBy: null, apiTokenId: token.id, idempotencyKey };

    let outcome: TransferOutcome;
    let toFacilityCode: string | undefined;
    if (value.kind === "transfer") {
      // People may be sent to any facility of the network; the receiving one records their arrival.
      const to = await getFacilityByCode(tx, value.toFacility);
      if (!to) {
        return validationResult({
          toFacility: [apiMessage(messageWithParams("api.toFacilityUnknown", { code: value.toFacility }))],
        });
      }
      if (to.id === facility.id) return validationResult({ toFacility: [apiMessage("api.toFacilitySame")] });
      toFacilityCode = to.code;
      outcome = await sendTransfer(tx, { ...input, toFacilityId: to.id }, ctx);
    } else {
      outcome = await recordDeparture(tx, input, ctx);
    }

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
          kind: value.kind === "transfer" ? "transfer_out" : "departure",
          via: "api",
          tokenId: token.id,
          tokenName: token.name,
          idempotencyKey,
          occurredAt: value.occurredAt.toISOString(),
          counts,
          destination: value.destination,
          ...(toFacilityCode ? { toFacility: toFacilityCode, transferId: outcome.transferId } : {}),
        },
      });
    }
    return {
      status: 201,
      body: {
        entryId: outcome.entryId,
        ...(outcome.transferId ? { transferId: outcome.transferId } : {}),
        census: await readCensus(tx, facility.id),
      },
    };
  });
}

export function loader({ request, context }: LoaderFunctionArgs) {
  return withApiErrors(context, request, async () => methodNotAllowed("POST"));
}
