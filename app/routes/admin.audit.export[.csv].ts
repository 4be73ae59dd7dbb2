import type { LoaderFunctionArgs } from "@remix-run/node";
import { listAudit } from "#db/audit.server";
import { auditFiltersFromUrl } from "~/lib/audit-query.server";
import { requirePermission } from "~/lib/auth.server";
import { csvResponse, type CsvColumn } from "~/lib/csv.server";
import { getDb } from "~/lib/db.server";

const BATCH = 1000;

// The audit log is internal bookkeeping: meta tags only, so a HXL tool can still pick the columns.
const columns: CsvColumn[] = [
  ["id", "#meta+id"],
  ["at", "#date+recorded"],
  ["user", "#contact+email"],
  ["action", "#meta+action"],
  ["entity", "#meta+entity"],
  ["entity_id", "#meta+entity_id"],
  ["facility", "#loc+code"],
  ["changes", "#meta+changes"],
  ["request_id", "#meta+request_id"],
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "audit:view");
  const { filters } = await auditFiltersFromUrl(new URL(request.url));
  const db = getDb();
  return csvResponse<number>(
    request,
    "audit-log.csv",
    columns,
    async (beforeId) => {
      const rows = await listAudit(db, filters, { beforeId, limit: BATCH });
      return {
        rows: rows.map((r) => [
          r.id,
          r.at.toISOString(),
          r.userEmail ?? "",
          r.action,
          r.entity,
          r.entityId ?? "",
          r.facilityCode ?? "",
          JSON.stringify(r.changes),
          r.requestId ?? "",
        ]),
        cursor: rows.length === BATCH ? rows[rows.length - 1]?.id : undefined,
      };
    },
  );
}
