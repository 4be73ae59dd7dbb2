import type { LoaderFunctionArgs } from "@remix-run/node";
import { listImmunizationRecords } from "#db/immunizations.server";
import { requireFacility } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { recordCareRead } from "~/lib/commands/record-care-read.server";
import { getDb } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { immunizationBundle, operationOutcome } from "~/lib/fhir.server";
import { parseFhirPeriod } from "~/lib/schemas/fhir";
import { addDays, startOfZonedDay, zonedDay } from "~/lib/time";

const fhirJson = { "Content-Type": "application/fhir+json; charset=utf-8", "Cache-Control": "no-store" };

/**
 * A facility's immunizations in a period (`?from=&to=`, days inclusive, 30 days to today by
 * default, a year at most) as a FHIR R4 Bundle, for the immunization registry. Person-level,
 * so a care read: health workers and administrators of the facility (care:view), audited.
 * A bad period is answered with a FHIR OperationOutcome (400) naming the parameter.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "care:view");
  const timeZone = env().ALBERGUE_TIME_ZONE;
  const period = parseFhirPeriod(new URL(request.url), zonedDay(new Date(), timeZone));
  if (!period.ok) return new Response(JSON.stringify(operationOutcome(period.parameter, period.message)), { status: 400, headers: fhirJson });
  const db = getDb();
  const records = await listImmunizationRecords(db, facility.id, {
    from: startOfZonedDay(period.from, timeZone),
    until: startOfZonedDay(addDays(period.to, 1), timeZone),
  });
  await recordCareRead(db, formActor(user, context), facility.id, {
    of: "cases",
    details: { view: "fhir-immunizations", from: period.from, to: period.to, results: records.length, cases: new Set(records.map((r) => r.caseId)).size },
  });
  return new Response(JSON.stringify(immunizationBundle(records, facility, new Date())), {
    headers: { ...fhirJson, "Content-Disposition": `attachment; filename="${facility.code}-immunizations-${period.from}-${period.to}.json"` },
  });
}
