import type { LoaderFunctionArgs } from "@remix-run/node";
import { listFacilities } from "#db/facilities.server";
import { facilityScope, requirePermission } from "~/lib/auth.server";
import { csvResponse } from "~/lib/csv.server";
import { getDb } from "~/lib/db.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "facility:view");
  const facilities = await listFacilities(getDb(), facilityScope(user));
  return csvResponse<never>(
    "facilities.csv",
    ["code", "name", "kind", "region", "beds", "status", "updated_at"],
    async () => ({
      rows: facilities.map((f) => [f.code, f.name, f.kind, f.region, f.beds, f.status, f.updatedAt.toISOString()]),
    }),
  );
}
