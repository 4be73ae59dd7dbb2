import type { LoaderFunctionArgs } from "@remix-run/node";
import { listFacilities } from "#db/facilities.server";
import { facilityScope, requirePermission } from "~/lib/auth.server";
import { csvResponse, type CsvColumn } from "~/lib/csv.server";
import { getDb } from "~/lib/db.server";

const columns: CsvColumn[] = [
  ["code", "#loc+code"],
  ["name", "#loc+name"],
  ["kind", "#loc+type"],
  ["region", "#adm1+name"],
  ["beds", "#capacity+beds"],
  ["status", "#status+facility"],
  ["updated_at", "#date+updated"],
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "facility:view");
  const facilities = await listFacilities(getDb(), facilityScope(user));
  return csvResponse<never>(
    request,
    "facilities.csv",
    columns,
    async () => ({
      rows: facilities.map((f) => [f.code, f.name, f.kind, f.region, f.beds, f.status, f.updatedAt.toISOString()]),
    }),
  );
}
