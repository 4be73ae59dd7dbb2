import type { LoaderFunctionArgs } from "@remix-run/node";
import { getSummaryCase } from "#db/care-reports.server";
import { listImmunizationRecords } from "#db/immunizations.server";
import { notFound, requireFacility } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { recordCareRead } from "~/lib/commands/record-care-read.server";
import { getDb } from "~/lib/db.server";
import { normaliseCaseCode } from "~/lib/domain/care";
import { immunizationBundle } from "~/lib/fhir.server";

/**
 * One person's immunizations as a FHIR R4 Bundle (docs/exchange.md), for the next station or
 * the health ministry's registry. A care read like the summary card it mirrors: health workers
 * and administrators of the facility (care:view), the case at this facility, every read audited.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "care:view");
  const code = normaliseCaseCode(params.caseCode ?? "");
  if (!/^[A-HJ-NP-Z2-9]{8}$/.test(code)) notFound();
  const db = getDb();
  const person = await getSummaryCase(db, facility.id, code);
  if (!person) notFound();
  const records = await listImmunizationRecords(db, facility.id, { caseId: person.id });
  await recordCareRead(db, formActor(user, context), facility.id, {
    of: "case",
    caseId: person.id,
    details: { view: "fhir-immunizations", results: records.length },
  });
  const bundle = immunizationBundle(records, facility, new Date(), [{ caseId: person.id, caseCode: person.code, name: person.name, sex: person.sex, birthDate: person.birthDate }]);
  return new Response(JSON.stringify(bundle), {
    headers: {
      "Content-Type": "application/fhir+json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${person.code}-immunizations.json"`,
      "Cache-Control": "no-store",
    },
  });
}
