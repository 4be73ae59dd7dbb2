import type { LoaderFunctionArgs } from "@remix-run/node";
import { listItems, listStockCard } from "#db/stock.server";
import { notFound, requireFacility } from "~/lib/auth.server";
import { csvResponse } from "~/lib/csv.server";
import { getDb } from "~/lib/db.server";
import { parseStockCardFilters } from "~/lib/schemas/stock";

const BATCH = 1000;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { facility } = await requireFacility(request, context, params.code, "stock:view");
  const db = getDb();
  const item = (await listItems(db)).find((i) => i.code === params.itemCode);
  if (!item) notFound();
  const filters = parseStockCardFilters(new URL(request.url));
  return csvResponse<number>(
    `${facility.code}-${item.code}-stock-card.csv`,
    [
      "id",
      "occurred_at",
      "kind",
      "item_code",
      "lot_number",
      "quantity",
      "lot_balance_after",
      "reason",
      "source",
      "document_ref",
      "people_served",
      "shipment_id",
      "notes",
      "recorded_by",
    ],
    async (beforeId) => {
      const rows = await listStockCard(db, facility.id, { itemId: item.id, lotId: filters.lot }, { beforeId, limit: BATCH });
      return {
        rows: rows.map((e) => [
          e.id,
          e.occurredAt.toISOString(),
          e.kind,
          item.code,
          e.lotNumber,
          e.quantity,
          e.balanceAfter,
          e.reason ?? "",
          e.source,
          e.documentRef,
          e.peopleServed ?? "",
          e.shipmentId ?? "",
          e.notes,
          e.recordedBy ?? (e.apiTokenId != null ? "api" : ""),
        ]),
        cursor: rows.length === BATCH ? rows[rows.length - 1]?.id : undefined,
      };
    },
  );
}
