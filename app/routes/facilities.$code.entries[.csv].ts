import type { LoaderFunctionArgs } from "@remix-run/node";
import { listEntries } from "#db/census.server";
import { populationEntries } from "#db/schema";
import { requireFacility } from "~/lib/auth.server";
import { csvResponse, type CsvColumn } from "~/lib/csv.server";
import { getDb } from "~/lib/db.server";
import { allGroups } from "~/lib/domain/population";
import { populationGroupHxl } from "~/lib/hxl";
import { parseEntryFilters } from "~/lib/schemas/entries";

const BATCH = 1000;

// One row per movement (an arrival, a departure, a transfer): the counts are the people moved.
// Who recorded it is a staff member's name, not something to publish: no tag.
const columns: CsvColumn[] = [
  ["id", "#meta+id"],
  ["occurred_at", "#date+occurred"],
  ["kind", "#event+type"],
  ["sign", "#meta+sign"],
  ["total", "#population+total"],
  ...allGroups.map((g): CsvColumn => [populationEntries[g].name, populationGroupHxl[g]]),
  ["origin", "#loc+origin"],
  ["destination", "#loc+dest"],
  ["notes", "#description+notes"],
  ["reverses_entry_id", "#meta+reverses"],
  ["reason", "#description+reason"],
  ["recorded_by", ""],
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { facility } = await requireFacility(request, context, params.code, "population:view");
  const filters = parseEntryFilters(new URL(request.url));
  const db = getDb();
  return csvResponse<number>(
    request,
    `${facility.code}-entries.csv`,
    columns,
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
