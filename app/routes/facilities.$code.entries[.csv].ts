import type { LoaderFunctionArgs } from "@remix-run/node";
import { listEntries } from "#db/census.server";
import { populationEntries } from "#db/schema";
import { requireFacility } from "~/lib/auth.server";
import { csvResponse } from "~/lib/csv.server";
import { getDb } from "~/lib/db.server";
import { allGroups } from "~/lib/domain/population";
import { parseEntryFilters } from "~/lib/schemas/entries";

const BATCH = 1000;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { facility } = await requireFacility(request, context, params.code, "population:view");
  const filters = parseEntryFilters(new URL(request.url));
  const db = getDb();
  return csvResponse<number>(
    `${facility.code}-entries.csv`,
    ["id", "occurred_at", "kind", "sign", "total", ...allGroups.map((g) => populationEntries[g].name), "origin", "destination", "notes", "reverses_entry_id", "reason", "recorded_by"],
    async (beforeId) => {
      const rows = await listEntries(db, facility.id, { kind: filters.kind, fromDay: filters.from, toDay: filters.to }, { beforeId, limit: BATCH });
      return {
        rows: rows.map((e) => [
          e.id,
          e.occurredAt.toISOString(),
          e.kind,
          e.sign,
          e.total,
          ...allGroups.map((g) => e[g]),
          e.origin,
          e.destination,
          e.notes,
          e.reversesEntryId ?? "",
          e.reason,
          e.recordedByName ?? "",
        ]),
        cursor: rows.length === BATCH ? rows[rows.length - 1]?.id : undefined,
      };
    },
  );
}
